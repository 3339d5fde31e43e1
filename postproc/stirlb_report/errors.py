"""The one error a user can fix: input the report cannot use."""

# The solver's exit code for input refused before any work (solver/commands.h).
EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1


class BadInput(Exception):
    """A run folder, file or option the report cannot use. The message names
    the folder or file and what is wrong; __main__ prints it without a
    traceback and exits with EXIT_BAD_INPUT."""
