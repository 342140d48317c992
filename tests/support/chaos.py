"""Sizes of the chaos suite in CI (`sago chaos` runs the full ones: 20,000 rows, 20 kills)."""

CI_ROWS = 3_000
CI_KILLS = 5
SEED = 8
