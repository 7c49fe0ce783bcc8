"""Plain, immutable records of an evaluation."""

from .evaluation import *  # noqa: F401,F403
from .indicators import *  # noqa: F401,F403
from .quantity import Level, Quantity, Target  # noqa: F401
from .selfeval import *  # noqa: F401,F403
