"""What read_vtp.py and read_vti.py share: the reader of the VTK XML that
stirlb writes. It lives in the report package (postproc/stirlb_report/
vtk_xml.py), which draws geometry from the same files; this module puts
that package on the path, so the test scripts keep working with any python3
(the reader needs neither numpy nor the `vtk` module)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "postproc"))

from stirlb_report.vtk_xml import (  # noqa: E402  (the path must be set first)
    AppendedFile, VtkReadError, read_image, read_poly)

__all__ = ["AppendedFile", "VtkReadError", "read_image", "read_poly", "main_guard"]


def main_guard(main):
    """Runs `main`; a file that cannot be read ends the script with its message (exit status 1)."""
    try:
        main()
    except VtkReadError as e:
        sys.exit(str(e))
