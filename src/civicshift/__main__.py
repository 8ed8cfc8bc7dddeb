import sys

from civicshift.cli import main

sys.exit(main())
