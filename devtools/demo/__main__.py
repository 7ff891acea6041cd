import sys

from devtools.demo import main

main(sys.argv[1:])
