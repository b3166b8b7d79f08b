// Package browser holds the browser tests of the built site: what a reader
// gets, checked in a real browser rather than in the HTML text. It has no
// code of its own; everything is in its _test.go files.
//
// The tests build the repository's own site in memory, as of 2026-11-29,
// serve it from an httptest server on 127.0.0.1 (a path ending in "/" is its
// index.html; a missing file is 404.html with status 404), and drive one
// headless Chromium for the whole test binary, a fresh tab per test, each
// with a time limit. They check:
//
//   - every page kind (home, a project, a country, a group, a funder, the
//     filter page /projects/, /years/, /countries/, /funders/, /data/,
//     /accessibility/, a status list and the 404 page) against axe-core's
//     WCAG 2.0 and 2.1 A and AA rules, with no violation allowed; with no
//     console error, uncaught exception or failed load; with one h1, a
//     lang attribute, a main landmark, and a skip link that is the first
//     thing the Tab key reaches and that moves focus to the main content;
//   - every page kind at 375 px wide: nothing wider than the viewport, page
//     or element (content in a scrolling box, such as a wide table, may
//     scroll inside it); screenshots of the home and a project page are
//     written to $PORTFOLIO_SCREENSHOTS when set, else to a temporary folder;
//   - the filter page's script: choosing a place and a year and typing a
//     word lists exactly the projects the site model says, the count agrees,
//     the URL holds the filters, and loading that URL restores them; without
//     JavaScript the page shows the full list and the browse links, and the
//     form stays hidden;
//   - the map of the home page and /countries/ at 1280 and 375 px: a
//     square for each Member State, each with a page a link named in words,
//     a legend, a drawing that fits the page (labels only where legible);
//     Tab reaches the first square from the link before the map and Enter
//     follows it, "Skip the map" takes the keyboard past it; axe-core on the
//     map; its shades' contrast as the browser computes them (3:1 against
//     the paper, labels 4.5:1);
//   - the 404 page: status 404 and a link home;
//   - the pseudo-locale (pseudo_test.go): the site built with every catalog
//     message and every word the layouts write turned into accented, padded
//     look-alikes has no English word left on any page, in text or in the
//     attributes a reader meets, but the content's and the reference
//     data's; and the find page's script writes only pseudo-locale words.
//     The page check needs no browser, and runs everywhere.
//
// # What they need
//
// Chromium at /usr/bin/chromium (Debian: apt-get install chromium) and
// axe-core in node_modules here, pinned by package.json and
// package-lock.json: run `npm ci --prefix internal/browser` from the
// repository root. When either is missing the tests are skipped, with a
// message saying which, so that `make test` works on a machine without a
// browser; with PORTFOLIO_BROWSER_TESTS=1 in the environment, as CI sets
// it (.ci/run), they fail instead, so a CI machine cannot pass by skipping.
//
// Run them alone with
//
//	PORTFOLIO_BROWSER_TESTS=1 go test -count=1 -v ./internal/browser/
//
// A failure names the page and, for axe, each violated rule with its
// impact, help text and the first elements concerned.
package browser
