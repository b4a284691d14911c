"""`python -m commandcenter` starts the GUI (the frozen bundle's entry script too).

Absolute imports only: PyInstaller runs this file as a top-level script.
"""

import sys

from commandcenter.app import main

if __name__ == "__main__":
    sys.exit(main())
