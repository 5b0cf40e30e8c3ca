"""Does the course style give small figures in a colour-blind-safe palette?"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from course_utils import style  # noqa: E402


def test_style_sets_the_okabe_ito_cycle_and_a_small_figure():
    with matplotlib.rc_context():
        style.use_course_style()
        colours = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
        assert colours == list(style.OKABE_ITO)
        fig = plt.figure()
        assert tuple(fig.get_size_inches()) == (6.0, 3.5) and fig.dpi == 80
        plt.close(fig)


def test_named_colours_come_from_the_palette():
    assert style.COLORS["churned"] in style.OKABE_ITO and style.COLORS["stayed"] in style.OKABE_ITO
    assert style.COLORS["churned"] != style.COLORS["stayed"]
