"""`make bench`: the build at scale, timed. tools/bench.py is its command
line; each module here owns one concern:

- `text`: the word lists and `TextMaker`, the generated posts' pseudo-text;
- `content`: the synthetic trilingual project (posts, images, photos);
- `reference`: the same articles as one plain single-language site;
- `builds`: `Site`, one build run and timed in a runner process;
- `measures`: the measures (clean, no_change, edit_one, add_one) and their order;
- `report`: the figures and ratios of each measure, the machine, the table;
- `check`: how long `make check` takes on the real, generated and hostile content;
- `driver`: one run from start to end, which the command line calls.
"""
