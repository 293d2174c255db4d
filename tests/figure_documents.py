# ruff: noqa: E501  (documents: a paragraph is one line)
"""Documents written for the figures tests (issue 27), none of them a seed: one company, two
years, written like the cases a reader caught the comparison inventing changes in: revenue
"up from" last year's, an increment ("a further $500 million"), the sales of two brands in a
fiscal year against the group's in a calendar year; and a table of costs by line with a
negative figure (bars both ways), a table of shares, and a column of years (no bars)."""

from __future__ import annotations

LUMEN_2023 = """---
layout: post
title: lumen-freight
---

Businessmodel of Lumen Freight
------------------------------

### Key Partners

Lumen Freight works with port authorities and rail operators in 2023. In 2023 Lumen Freight committed $394 million to clean energy partnerships.

### Key Activities

Lumen Freight runs container shipping between nine ports in 2023.

### Value Propositions

Reliable weekly sailings with door-to-door tracking, sold in 2023 under two brands, Lumen and Northway. Fiscal 2023 sales of the two brands reached $2.5 billion.

### Customer Segments

* Retail importers, who ship seasonal goods;
* Food exporters, who need refrigerated space.

### Cost Structure

| Cost line | 2023 |
|---|---|
| Fuel | $4.1 billion |
| Crew wages | $2.3 billion |
| Port fees | $0.9 billion |
| Currency hedging | -$0.4 billion |

### Revenue Streams

Lumen Freight's revenue was $20.16 billion in 2023, up from $15.79 billion.

| Route | Opened | Share of revenue |
|---|---|---|
| Transpacific | 2009 | 48% |
| Asia-Europe | 2014 | 35% |
| Intra-Asia | 2019 | 17% |
"""

LUMEN_2024 = """---
layout: post
title: lumen-freight
---

Businessmodel of Lumen Freight
------------------------------

### Key Partners

Lumen Freight works with port authorities and rail operators in 2024. In 2024 Lumen Freight announced a further $500 million commitment to clean energy partnerships.

### Key Activities

Lumen Freight runs container shipping between eleven ports in 2024.

### Value Propositions

Reliable weekly sailings with door-to-door tracking in 2024. Sales of the Northway group reached $2.62 billion in calendar 2024.

### Customer Segments

* Retail importers, who ship seasonal goods;
* Food exporters, who need refrigerated space.

### Cost Structure

| Cost line | 2024 |
|---|---|
| Fuel | $4.4 billion |
| Crew wages | $2.5 billion |
| Port fees | $1.0 billion |

### Revenue Streams

Lumen Freight's revenue was $25.0 billion in 2024, up from $20.16 billion.
"""

FIGURE_DOCUMENTS = {"lumen-2023.md": LUMEN_2023, "lumen-2024.md": LUMEN_2024}
