"""Regenerate state_v0001.db: a small state database as tracker's first schema (revision 0001) wrote it.

The migration tests upgrade a copy of it in place, so it must stay a 0001 file: rerun this only
if the fixture is lost, never to "update" it to a newer schema.

    python tests/store/data/make_state_v0001.py [OUT.db]
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from sqlalchemy import text

from tracker.store.db import make_engine
from tracker.store.migrate import upgrade

HERE = Path(__file__).resolve().parent
ROWS = """
INSERT INTO papers (id, arxiv_id, version, title, abstract, authors, categories, primary_category,
                    published, updated, comment, journal_ref, doi, first_seen) VALUES
 (1, '2504.16936', 1, 'Multifaceted Evaluation of Audio-Visual Capability for MLLMs',
  'Multi-modal large language models (MLLMs) have recently achieved great success.',
  '["Yusheng Zhao", "Junyu Luo"]', '["cs.MM", "cs.CV"]', 'cs.MM',
  '2025-04-23 17:00:00.000000', '2025-04-23 17:00:00.000000', NULL, NULL, NULL, '2025-04-25 03:00:00.000000'),
 (2, '2306.13549', 4, 'A Survey on Multimodal Large Language Models', NULL, NULL, '["cs.CV"]', 'cs.CV',
  '2023-06-23 17:59:25.000000', '2024-11-29 16:05:46.000000', 'Project page', NULL, '10.1093/nsr/nwae403',
  '2025-04-26 03:00:00.000000'),
 (3, 'cs/0101001', NULL, 'An old-style identifier', 'Kept as it was.', '[]', '["cs.CL"]', 'cs.CL',
  NULL, NULL, NULL, 'J. Old Ids 1 (2001)', NULL, '2025-04-27 03:00:00.000000');
INSERT INTO releases (id, repo_key, repo, tag, name, body, published, url, prerelease, first_seen) VALUES
 (1, 'opengvlab/internvl', 'OpenGVLab/InternVL', 'v2.5', 'InternVL 2.5', 'Notes',
  '2024-12-05 10:00:00.000000', 'https://github.com/OpenGVLab/InternVL/releases/tag/v2.5', 0,
  '2025-04-25 03:00:00.000000');
INSERT INTO candidates (id, kind, key, paper_id, release_id, status, reason, section, relevance, confidence,
                        decision, pr_number, created_at, updated_at) VALUES
 (1, 'paper', '2504.16936', 1, NULL, 'proposed', NULL, 'Evaluation', 0.91, 0.77,
  '{"alternatives": ["Survey"]}', 12, '2025-04-25 03:00:00.000000', '2025-04-25 03:05:00.000000');
INSERT INTO source_cursors (id, key, watermark, etag, last_modified, last_success, last_error) VALUES
 (1, 'arxiv:mllm', '2025-04-24 20:00:00.000000', NULL, NULL, '2025-04-25 03:00:00.000000', NULL),
 (2, 'github:opengvlab/internvl', NULL, 'W/"5f1c"', NULL, '2025-04-25 03:00:00.000000', 'HTTP 502');
INSERT INTO runs (id, command, started, finished, status, counts, errors) VALUES
 (1, 'fetch', '2025-04-25 03:00:00.000000', '2025-04-25 03:01:10.000000', 'ok', '{"papers_new": 3}', '[]');
"""


def build(out: Path) -> None:
    out.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{out}")
    upgrade(engine, "0001")
    with engine.begin() as connection:
        for statement in ROWS.split(";"):
            if statement.strip():
                connection.execute(text(statement))
    engine.dispose()
    with sqlite3.connect(out) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    with sqlite3.connect(out) as connection:
        connection.execute("VACUUM")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "state_v0001.db"
    build(target)
    print(f"wrote {target}")
