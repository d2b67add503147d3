"""HTML pages written for the hf-html tests: invented papers, people and organizations.

They follow the markup of Hugging Face's pages as the corpus README describes it (links, headings,
texts), not its Tailwind classes; the class strings here are made up on purpose.
"""

from __future__ import annotations

import html
import json
from typing import Any

SEARCH_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Search papers</title></head>
<body>
<main>
<section class="grid zz-1">
<article class="card q-2">
  <a href="/login?next=%2Fpapers%2F2403.01234" class="up">
    <div class="box"><svg viewBox="0 0 12 12"><path d="M0 0"></path></svg><div>42</div></div>
  </a>
  <div class="body">
    <h3 class="t"><a href="/papers/2403.01234">Quiet Gradients in Loud Networks</a></h3>
    <a href="/papers/2403.01234" class="abs">We study how gradients stay quiet while networks
      grow loud, and find that nothing much happens at all.</a>
    <div class="meta">
      <a href="/papers/2403.01234" class="flex">
        <ul><li title="quietuser"><img alt="" src="/avatars/q.svg"></li>
            <li title="Other Person"><img alt="" src="/avatars/o.svg"></li></ul>
        <span>· 4 authors</span>
      </a>
      <span>·</span>
      <span>Mar 8, 2024</span>
      <a href="/papers/2403.01234#community"><svg></svg> 3 </a>
    </div>
  </div>
</article>
<article class="card q-2">
  <a href="/login?next=%2Fpapers%2F2405.11111" class="up"><div>-</div></a>
  <div class="body">
    <h3><a href="/papers/2405.11111v2">Counting Sheep with Sparse Experts</a></h3>
    <a href="/papers/2405.11111v2">A mixture of sleepy experts counts sheep faster than one
      wide-awake dense model.</a>
    <div class="meta">
      <a href="/acme-labs" class="org"><img alt="acme-labs" src="https://cdn.example/acme.png">
        <span>Acme Labs</span></a>
      <span>·</span>
      <span>May 29</span>
    </div>
  </div>
</article>
<article class="card q-2">
  <a href="/login?next=%2Fpapers%2F2311.00042"><div>1,204</div></a>
  <h3><a href="/papers/2311.00042">A Single Author Writes Alone</a></h3>
  <a href="/papers/2311.00042">One person, one paper, one very long afternoon of writing.</a>
  <a href="/papers/2311.00042"><span>· 1 author</span></a>
  <span>·</span> <span>Nov 2, 2023</span>
  <a href="/papers/2311.00042#community">12</a>
</article>
<article class="card q-2">
  <a href="/login?next=%2Fpapers%2F2502.00007"><div>9</div></a>
  <h3><a href="/papers/2502.00007">Trending Toolkit for Tiny Tasks</a></h3>
  <a href="/papers/2502.00007">A toolkit, small on purpose, for tasks that are smaller still.</a>
  <a href="/papers/2502.00007"><span>· 2 authors</span></a>
  <span>·</span> <span>Feb 1, 2025</span>
  <a href="https://github.com/example/tiny-toolkit"><svg></svg><span>1,532</span></a>
</article>
</section>
</main>
</body>
</html>
"""

#: The daily page's papers, as the hydration JSON carries them.
DAILY_ITEMS: list[dict[str, Any]] = [
    {
        "paper": {
            "id": "2408.00101",
            "authors": [
                {
                    "_id": "a1",
                    "name": "Mira Okafor",
                    "hidden": False,
                    "user": {"user": "mokafor", "fullname": "Mira O."},
                },
                {"_id": "a2", "name": "Tomas Lind", "hidden": False},
                {"_id": "a3", "name": "Yuki Tanabe", "hidden": True},
            ],
            "publishedAt": "2024-07-31T17:00:00.000Z",
            "title": "Lanterns: Lighting the\n  Way for Small Models",
            "summary": "We light lanterns for small models.",
            "upvotes": 31,
            "discussionId": "d1",
        },
        "publishedAt": "2024-08-01T01:00:00.000Z",
        "title": "Lanterns: Lighting the Way for Small Models",
        "thumbnail": "https://thumbs.example/2408.00101.png",
        "numComments": 4,
        "submittedBy": {"name": "mokafor", "fullname": "Mira O."},
    },
    {
        "paper": {
            "id": "2408.00202",
            "authors": [{"_id": "b1", "name": "Ravi Menon", "hidden": False}],
            "publishedAt": "2024-07-30T09:00:00.000Z",
            "title": "Pebbles and Mountains",
            "summary": "Small stones, big hills.",
            "upvotes": 0,
        },
        "title": "Pebbles and Mountains",
        "numComments": 0,
        "submittedBy": {"name": "rmenon", "fullname": "Ravi"},
    },
]


def _card(item: dict[str, Any]) -> str:
    paper = item["paper"]
    pid = paper["id"]
    upvotes = paper["upvotes"] or "-"
    comments = item["numComments"]
    title = html.escape(item["title"])
    community = (
        f'<a href="/papers/{pid}#community" class="c"><svg></svg>\n{comments}\n</a>'
        if comments
        else ""
    )
    avatars = "".join(
        f'<li title="{a["user"]["user"]}"><img alt="" src="/avatars/x.svg"></li>'
        for a in paper["authors"]
        if "user" in a
    )
    return f"""
<article class="relative flex">
  <a href="/papers/{pid}" class="thumb"><img src="https://thumbs.example/{pid}.png" alt=""></a>
  <div class="pointer">Submitted by
    <img alt="" src="https://avatars.example/s.png">
    {item["submittedBy"]["name"]}</div>
  <div class="from-gray"><div class="flex">
    <a href="/login?next=%2Fpapers%2F{pid}" class="self-start"><div><input disabled type="checkbox">
      <svg></svg><div class="leading-none">{upvotes}</div></div></a>
    <div class="w-full">
      <h3 class="mb-1"><a href="/papers/{pid}" class="line-clamp-3">{title}</a></h3>
      <div class="flex"><a href="/papers/{pid}" class="flex"><ul>{avatars}
        <li class="order-first"><div><div>·</div>
          {len(paper["authors"])} authors
        </div></li></ul></a>
        {community}</div>
    </div>
  </div></div>
</article>"""


def daily_page(
    items: list[dict[str, Any]] | None = None,
    *,
    with_json: bool = True,
    props: str | None = None,
    date: str = "2024-08-01",
) -> str:
    """A daily page for ``items`` (DAILY_ITEMS by default), with or without hydration JSON."""
    items = DAILY_ITEMS if items is None else items
    if props is None:
        props = json.dumps({"date": f"{date}T00:00:00.000Z", "dailyPapers": items})
    attribute = f' data-props="{html.escape(props)}"' if with_json else ""
    cards = "".join(_card(item) for item in items)
    return f"""<!doctype html>
<html class="">
<head><meta charset="utf-8"><title>Daily Papers</title></head>
<body>
<main>
<div class="SVELTE_HYDRATER contents" data-target="DailyPapers"{attribute}>
<section><div class="header"><h1>Daily Papers</h1>
<time class="relative" datetime="{date}T00:00:00.000Z"><span>Aug</span><span>1</span></time>
</div>
<div class="grid">{cards}
</div></section></div>
</main>
</body>
</html>
"""


PAPER_JSON: dict[str, Any] = {
    "paper": {
        "id": "2409.17777",
        "title": "Folding Paper Cranes\n  with Transformers",
        "summary": "We fold paper cranes with transformers and count the folds.",
        "authors": [
            {"name": "Min Lee", "hidden": False, "user": {"user": "mlee"}},
            {"name": "Ana Souza", "hidden": False},
            {"name": "Piet Vos", "hidden": False},
        ],
        "publishedAt": "2024-09-28T10:00:00.000Z",
        "submittedOnDailyAt": "2024-09-29T08:00:00.000Z",
        "submittedOnDailyBy": {"user": "janedoe", "fullname": "Jane Doe"},
        "upvotes": 57,
        "githubRepo": "https://github.com/cranes/fold",
        "githubStars": 318,
        "projectPage": "https://cranes.example",
        "ai_summary": "A short machine summary of folding.",
        "ai_keywords": ["paper cranes", "transformers"],
    },
    "comments": [{"id": "c1"}, {"id": "c2"}],
    "submitterOrganization": {"name": "origami-lab", "fullname": "Origami Lab"},
}


def paper_page(*, with_json: bool = True) -> str:
    attribute = f' data-props="{html.escape(json.dumps(PAPER_JSON))}"' if with_json else ""
    return f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Paper page - Folding Paper Cranes with Transformers</title>
<link rel="canonical" href="https://huggingface.co/papers/2409.17777"></head>
<body><main>
<div class="SVELTE_HYDRATER" data-target="PaperContent"{attribute}>
<section class="pt-8">
  <div><span class="date">Published on Sep 28</span></div>
  <div class="sub">Submitted by
    <a href="/janedoe"><img alt="" src="/avatars/j.svg"> janedoe</a> on Sep 29</div>
  <h1 class="text-2xl">Folding Paper Cranes with Transformers</h1>
  <div class="authors">
    <span class="author"><a href="/mlee">Min Lee</a>,</span>
    <span class="author"><button>Ana Souza</button>,</span>
    <span class="author"><button>Piet Vos</button></span>
  </div>
  <a href="/login?next=%2Fpapers%2F2409.17777"><div>Upvote</div><div>57</div></a>
  <a href="https://github.com/cranes/fold"><span>GitHub</span> <span>318</span></a>
  <h2>Abstract</h2>
  <div><div>AI-generated summary</div><p>A short machine summary of folding.</p></div>
  <p>We fold <a href="/papers?q=paper%20cranes">paper cranes</a> with
     <a href="/papers?q=transformers">transformers</a> and count the folds.</p>
  <h2>Community</h2>
  <p>Nice work, see also <a href="https://github.com/someone/else">this</a>.</p>
</section>
</div>
</main></body></html>
"""


#: A paper page of the 2025 layout: its hydration JSON (``PaperContent``), invented.
PAPER_2025_JSON: dict[str, Any] = {
    "paper": {
        "id": "2506.04321",
        "title": "Harbor Maps: Routing Tool Calls\n  Through One Shared Protocol",
        "summary": (
            "HMP standardizes how small agents ask harbor tools for routes, and routing tables "
            "learned from replayed voyages cut wasted calls by half."
        ),
        "authors": [
            {"name": "Oda Quill", "hidden": False, "user": {"user": "Quillwright"}},
            {"name": "Ben Sato", "hidden": False},
            {"name": "Lia Verne", "hidden": False},
        ],
        "publishedAt": "2025-06-02T09:00:00.000Z",
        "submittedOnDailyAt": "2025-06-03T07:30:00.000Z",
        "submittedOnDailyBy": {"user": "Quillwright", "fullname": "Oda Quill"},
        "upvotes": 212,
        "githubRepo": "https://github.com/harbor-lab/maps",
        "githubStars": 77,
        "projectPage": "https://harbor.example/maps",
        "ai_summary": "A shared protocol lets agents route tool calls through harbors.",
        "ai_keywords": ["HMP", "routing tables"],
    },
    "comments": [{"id": "c1"}, {"id": "c2"}, {"id": "c3"}],
    "submitterOrganization": {"name": "harbor-lab", "fullname": "Harbor Lab"},
}


def paper_page_2025(*, with_json: bool = True, props: str | None = None) -> str:
    """A paper page laid out as huggingface.co/papers/<id> was in 2025 (invented paper).

    The Abstract section opens with the AI-generated summary in a bordered box, its label under
    it; the abstract follows, interrupted by keyword links; "Submitted by" links the username
    (``/Quillwright``) with the display name ("Oda Quill") as its text.
    """
    if props is None:
        props = json.dumps(PAPER_2025_JSON)
    attribute = f' data-props="{html.escape(props)}"' if with_json else ""
    return f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Paper page - Harbor Maps</title>
<meta property="og:url" content="https://huggingface.co/papers/2506.04321"></head>
<body><main>
<div class="SVELTE_HYDRATER contents" data-target="PaperContent"{attribute}>
<section class="pt-8 border-gray-100">
  <div class="mb-2"><a href="/papers/date/2025-06-03" class="tag">Daily Papers</a></div>
  <h1 class="mb-2 text-2xl">Harbor Maps: Routing Tool Calls Through One Shared Protocol</h1>
  <div class="mb-3 flex"><div class="date">Published on Jun 2</div></div>
  <div class="flex items-center">Submitted by
    <a href="/Quillwright" class="flex items-center gap-1"><img alt="" class="rounded-full"
      src="https://avatars.example/q.png"> Oda Quill</a>
    <span class="ml-1">on Jun 3</span></div>
  <div class="flex"><a href="/login?next=%2Fpapers%2F2506.04321" class="btn">
    <svg></svg><div>Upvote</div><div class="font-semibold">212</div></a></div>
  <div class="authors">Authors:
    <span class="author"><a href="/Quillwright">Oda Quill</a>,</span>
    <span class="author"><button class="whitespace-nowrap">Ben Sato</button>,</span>
    <span class="author"><button class="whitespace-nowrap">Lia Verne</button></span>
  </div>
  <div class="flex gap-2">
    <a href="https://github.com/harbor-lab/maps" class="btn"><svg></svg> GitHub <span>77</span></a>
    <a href="https://harbor.example/maps" class="btn">Project page</a>
  </div>
  <h2 class="mb-2 text-lg">Abstract</h2>
  <div class="flex flex-col gap-y-2.5">
    <div class="rounded-xl border border-blue-100 bg-blue-50/40 px-3 py-2">
      <div class="flex"><p class="text-gray-700">A shared protocol lets agents
        route tool calls through harbors.</p></div>
      <div class="mt-1 flex items-center text-xs text-gray-400"><svg></svg>
        AI-generated summary</div>
    </div>
    <p class="text-gray-600"><a href="/papers?q=HMP" class="kw">HMP</a> standardizes how small
      agents ask harbor tools for routes, and
      <a href="/papers?q=routing%20tables" class="kw">routing tables</a> learned from replayed
      voyages cut wasted calls by half.</p>
  </div>
  <h2>Community</h2>
  <a href="/papers/2506.04321#community">3 comments</a>
  <p>A reader points at <a href="https://github.com/someone/elsewhere">another repo</a>.</p>
</section>
</div>
</main></body></html>
"""
