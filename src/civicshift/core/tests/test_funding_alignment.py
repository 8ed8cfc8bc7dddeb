"""The draft alignment statement: every sentence comes from a field given, none is invented."""

from civicshift.core.funding.alignment import AlignmentInput, draft_alignment

BASE = AlignmentInput(
    organization="Maple Falls",
    initiative_title="Ransomware resilience",
    program_title="State and Local Cybersecurity Grant Program",
    solution="Immutable offline backups and multi-factor authentication.",
    program_purposes=("cybersecurity",),
    matched_terms=("backup", "@cybersecurity", "authentication"),
    goals=(("SAFE", "Keep city services running through any disruption."),),
)


def test_draft_names_solution_purposes_matched_words_and_goals():
    text = draft_alignment(BASE)
    assert text.startswith(
        "Maple Falls's Ransomware resilience initiative proposes immutable offline backups and "
        "multi-factor authentication."
    )
    assert "priority of cybersecurity" in text
    assert "backup and authentication" in text  # the marker token is not a word to show
    assert "@" not in text
    assert "strategic goal SAFE (keep city services running through any disruption)" in text


def test_missing_parts_are_left_out_not_invented():
    bare = AlignmentInput(organization="Oak", initiative_title="Portal", program_title="E-Gov")
    assert draft_alignment(bare) == "Oak's Portal initiative is proposed for funding under E-Gov."
    problem_only = AlignmentInput(
        organization="Oak",
        initiative_title="Portal",
        program_title="E-Gov",
        problem="Paper permits.",
    )
    assert draft_alignment(problem_only) == "Oak's Portal initiative addresses paper permits."


def test_several_goals_are_joined_in_plain_language():
    text = draft_alignment(
        AlignmentInput(
            organization="Oak",
            initiative_title="Portal",
            program_title="E-Gov",
            goals=(("G1", "Serve residents online"), ("G2", "Cut paper")),
        )
    )
    assert text.endswith("strategic goals G1 (serve residents online) and G2 (cut paper).")
