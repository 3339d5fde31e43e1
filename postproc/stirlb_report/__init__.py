"""stirlb_report: HTML, Markdown and JSON reports of stirlb run folders.

    PYTHONPATH=postproc python3 -m stirlb_report report RUN_DIR [-o DIR]
    PYTHONPATH=postproc python3 -m stirlb_report compare RUN_A RUN_B ... [-o DIR]

(`stirlb report` and `stirlb compare` run exactly this.) The numbers come
from what the solver wrote (summary.json and the CSVs); this package only
draws and tabulates them. Importing it loads nothing heavy: the VTK reader
in vtk_xml is used by test scripts under a python3 without numpy.
"""
