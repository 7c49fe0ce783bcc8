"""`python -m jixiao.cli …`, as the web workspace starts its report worker."""

from . import main

if __name__ == "__main__":  # not when a spawned review process imports this as __mp_main__
    main()
