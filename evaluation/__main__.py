import sys

from plangraph.evaluation import main

sys.exit(main())
