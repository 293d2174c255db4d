# ruff: noqa: E501  (documents: a paragraph is one line)
"""Documents written for the glance-and-evidence tests (issue 26), one of each family and
language, none of them a seed: an English post with no sub-headings (prose, lists and a table,
the case the map once showed as opening prose), an English scraped page with long headings
written another way ("Key Partnerships", "Customer Segment"), and an Arabic scraped page with
sub-headings, tables and a stray right-to-left override in one statement."""

from __future__ import annotations

HARBOR_POST = """---
layout: post
title: harbor-lines
---

Businessmodel of Harbor Lines
-----------------------------

### Key Partners

Harbor Lines works with port authorities, rail operators and shipyards in 2022. Fuel comes from two refiners under long-term supply contracts.

### Key Activities

Harbor Lines runs container shipping between twelve ports in 2022. Crews maintain the fleet in dry docks every second winter, and planners route vessels around seasonal storms.

### Key Resources

* Vessels, a fleet of 40 container ships;
* Terminals, leased berths in six ports;
* Licences, granted by the maritime authority.

### Value Propositions

Harbor Lines offers reliable weekly sailings and door-to-door tracking in 2022. Customers book refrigerated containers online, pay one price per route and get customs clearance at both ends.

### Customer Relationships

Key accounts get a dedicated account manager. Small shippers use a self-service booking portal and a telephone help desk.

### Channels

| Channel | Share of bookings 2022 |
|---|---|
| Online booking portal | 61% |
| Freight forwarders | 27% |
| Direct sales team | 12% |

### Customer Segments

* Retail importers, who ship seasonal goods;
* Food exporters, who need refrigerated space;
* Automotive suppliers, with tight delivery windows.

### Cost Structure

Fuel is the largest cost in 2022, followed by crew wages, port fees and vessel leases. Insurance premiums rose after two storms.

### Revenue Streams

Freight charges per container bring most revenue in 2022. Storage fees, late-return penalties and customs brokerage add the rest.
"""

SUMMIT_PAGE = """|
Summit Grocers Inc. (SGI): Business Model Canvas |
Fully Editable: Tailor To Your Needs In Excel Or Sheets
Summit Grocers Inc. (SGI) Bundle
Summit Grocers runs neighbourhood supermarkets across the Pacific Northwest, with a loyalty programme and a growing delivery business.
Summit Grocers Inc. (SGI) - Canvas Business Model: Key Partnerships
Regional Farm Cooperatives and Local Growers Supplying Fresh Produce Daily
Summit buys produce from 120 farms within 300 miles of its stores in 2024.
Logistics Carriers
Three carriers move goods from two distribution centres to 85 stores.
Payment Networks
Card networks process 78% of payments in 2024.
Summit Grocers Inc. (SGI) - Canvas Business Model: Customer Segment
Value-Conscious Families
Households that compare prices weekly make up most visits in 2024.
Urban Professionals
Shoppers who order online for same-day delivery.
Seniors
Customers over 65 who use the weekly discount day.
Summit Grocers Inc. (SGI) - Canvas Business Model: Revenue Streams
Store Sales
| Segment | Revenue 2024 |
|---|---|
| Fresh food | $2.1 billion |
| Packaged goods | $1.4 billion |
| Pharmacy | $0.3 billion |
Delivery Fees
Delivery fees brought $45 million in 2024.
Private Label
Own-brand goods reached 22% of sales in 2024.
Disclaimer
"""

DELTA_PAGE = """|
شركة Delta Farms (DLF): نموذج الأعمال التجارية |
Fully Editable: Tailor To Your Needs In Excel Or Sheets
Delta Farms (DLF) Bundle
تزرع شركة Delta Farms الخضروات في دلتا النيل وتبيعها في الأسواق المحلية والخارجية منذ عام 2023.
شركة Delta Farms (DLF) - نموذج الأعمال: الشراكات الرئيسية
الجمعيات التعاونية الزراعية
تتعاون Delta مع 40 جمعية تعاونية في عام 2023.
موردو البذور والأسمدة
| المورد | حصة المشتريات |
|---|---|
| شركة البذور الوطنية | 45% |
| مصنع الأسمدة الشرقي | 30% |
شركات النقل المبرد
تنقل ثلاث شركات الخضروات إلى الموانئ في عام 2023.
شركة Delta Farms (DLF) - نموذج الأعمال: عروض القيمة
خضروات طازجة على مدار العام
تقدم Delta الطماطم والخيار طوال العام في 2023.
أسعار ثابتة للمشترين
تثبت العقود الأسعار لمدة ستة أشهر.
شهادات الجودة الدولية
تحمل المزارع شهادة GlobalG.A.P. منذ عام 2023.
شركة Delta Farms (DLF) - نموذج الأعمال: شرائح العملاء
سلاسل المتاجر الكبرى
تشتري خمس سلاسل محلية 60% من الإنتاج في عام 2023.
المصدرون إلى أوروبا
يصدر الوكلاء الخضروات إلى ألمانيا وهولندا.
مطاعم الفنادق
تطلب الفنادق الكبرى في القاهرة شحنات يومية في 2023.
Disclaimer
"""

GLANCE_DOCUMENTS = {
    "harbor.md": HARBOR_POST,
    "summit.txt": SUMMIT_PAGE,
    "delta.txt": DELTA_PAGE,
}

#: The canvases these documents make: (slug, year).
GLANCE_CANVASES = (("harbor-lines", 2022), ("summit-grocers", 2024), ("delta-farms", 2023))

RLO, RLE, PDF = "\u202e", "\u202b", "\u202c"  # right-to-left override, embedding; pop

#: A page whose every kind of text holds an unterminated right-to-left override or
#: embedding: nothing after it (a phrase, a statement, a marker, a cell, a topic) may be
#: reordered by it.
ISOLATE_PAGE = f"""|
Isolate Works Inc. (ISW): Business Model Canvas |
Isolate Works Inc. (ISW) Bundle
Isolate Works {RLO}makes gears for clocks in 2024, and this intro never closes its override.
Isolate Works Inc. (ISW) - Canvas Business Model: Key Partners
Hostile {RLO}override topic
First {RLE}statement with an open embedding in 2024.
second line after 2020.
| Partner | Share 2024 |
|---|---|
| Evil {RLO}cell | 10% |
| Plain partner after | 20% |
Plain topic after
- Bullet {RLO}one with an override
- second bullet after 2020
Third topic here
Gears come from three mills in 2024.
Disclaimer
"""
