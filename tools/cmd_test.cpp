// SPDX-License-Identifier: Apache-2.0
// `credo test [--rules DIR] FILES...|DIR`: rule tests. Each `*.credo-test` file states facts
// (subjects, listings, relations, objections, repairs) and checks with expected decisions; the
// runner puts the facts in a temporary SQLite store through the store's API, opens the real
// engine over it and the rules, and compares every decision (docs/rule-tests.md).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <unistd.h>

#include "base/edit_distance.hpp"
#include "base/files.hpp"
#include "base/utf8.hpp"
#include "cli.hpp"
#include "credo/engine.hpp"
#include "credo/ids.hpp"
#include "engine/catalog.hpp"
#include "rule_test_file.hpp"
#include "rules_option.hpp"
#include "store/generate.hpp"
#include "store/store.hpp"

namespace credo::cli {
namespace {

namespace fs = std::filesystem;

// ---- the file format --------------------------------------------------------------------------

struct token {
    std::string text;
    unsigned column = 0;  // code points, from 1
    bool quoted = false;
};

struct source_line {
    unsigned number = 0;
    bool indented = false;
    unsigned end_column = 0;  // just past the last token, for "expected ... here"
    std::vector<token> words;
};

// A problem in a test file: `file:line:col: error: message` and an optional help line.
struct problem {
    unsigned line = 0;
    unsigned column = 0;
    std::string message;
    std::string help;
};

struct subject_decl {
    std::string id;  // normalised
    std::string kind;
    std::string name;
    std::string established;  // YYYY-MM-DD or empty: the organisation's establishment date
};

struct listing_fact {
    std::string label;
    std::string subject;  // normalised id
    std::string list;
    std::string since;
    std::string until;
    std::string document;
};

struct relation_fact {
    std::string person;
    std::string role;
    std::string org;
    std::string since;
    std::string until;
};

struct objection_fact {
    std::string label;
    std::string listing;
    date filed;
    std::optional<store::objection_status> outcome;
    date resolved;
};

struct status_fact {
    bool repair = true;  // else revoke
    std::string listing;
    date on;
};

using fact = std::variant<listing_fact, relation_fact, objection_fact, status_fact>;

enum class expect_kind { verdict, measures, includes, excludes, escalated, not_escalated, fields, reached, suspended,
                         suppressed, to_verify, binding, via, because, implementer, error };

// The keys of a `because` expectation; a key not given matches any value.
struct reason_keys {
    bool granted = false;  // the measure is granted by a rule: it has no `because`
    std::optional<std::string> list;
    std::optional<std::string> listing;  // the test file's label
    std::optional<std::string> document;
    std::optional<date> listed_on;
    std::optional<date> expires_on;
    bool expires_never = false;  // `expires_on none`: the entry has no end date
    enum class via_key { any, none, step } via = via_key::any;
    std::string via_role;
    std::string via_of;  // normalised id
};

struct expectation {
    expect_kind kind = expect_kind::verdict;
    unsigned line = 0;
    std::vector<token> words;  // the arguments after the keyword
    std::string measure;       // `because`, `implementer`
    reason_keys reason;        // `because`
    std::string implementer;   // `implementer`: the whole text, or with `includes` one department
    bool one_department = false;
};

struct check_case {
    unsigned line = 0;
    std::vector<token> header;  // subject, scenario, `at`, date, attributes
    std::string subject;        // resolved id (or the text as written when it is no subject)
    std::string scenario;
    date at;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::vector<expectation> expects;
};

struct test_file {
    std::string path;
    std::map<std::string, subject_decl, std::less<>> subjects;  // alias → subject
    std::map<std::string, std::string, std::less<>> names;      // normalised id → name for the store
    std::map<std::string, std::string, std::less<>> listings;   // label → list (for checks on labels)
    std::set<std::string, std::less<>> objections;
    std::vector<std::pair<unsigned, fact>> facts;  // in file order, with their line
    std::vector<check_case> checks;
    std::vector<problem> problems;
};

unsigned column_of(std::string_view text, std::size_t byte) {
    return static_cast<unsigned>(base::count_code_points(text.substr(0, byte))) + 1;
}

// Splits one line into words: whitespace separates, `"..."` is one word (with `\"` and `\\`),
// `#` outside quotes starts a comment.
source_line split_line(std::string_view text, unsigned number, std::vector<problem> &problems) {
    source_line out;
    out.number = number;
    out.indented = !text.empty() && (text[0] == ' ' || text[0] == '\t');
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '#') break;
        token t;
        t.column = column_of(text, i);
        if (c == '"') {
            t.quoted = true;
            std::size_t j = i + 1;
            bool closed = false;
            while (j < text.size()) {
                if (text[j] == '\\' && j + 1 < text.size() && (text[j + 1] == '"' || text[j + 1] == '\\')) {
                    t.text += text[j + 1];
                    j += 2;
                    continue;
                }
                if (text[j] == '"') {
                    closed = true;
                    ++j;
                    break;
                }
                t.text += text[j++];
            }
            if (!closed) {
                problems.push_back({number, t.column, "unterminated string", "close it with `\"`"});
                return out;
            }
            i = j;
        } else {
            std::size_t j = i;
            while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '\r' && text[j] != '#') ++j;
            t.text = std::string(text.substr(i, j - i));
            i = j;
        }
        out.words.push_back(std::move(t));
        out.end_column = column_of(text, i);
    }
    if (out.words.empty()) out.end_column = 1;
    return out;
}

// Reads the words of one statement in order, reporting the first thing that is missing or wrong.
class reader {
public:
    reader(const source_line &l, std::vector<problem> &problems) : line_(l), problems_(problems) {}

    bool failed() const { return failed_; }
    bool done() const { return next_ >= line_.words.size(); }
    const token *peek() const { return done() ? nullptr : &line_.words[next_]; }

    // The next word, or a problem "expected WHAT".
    const token *take(std::string_view what, std::string help = {}) {
        if (failed_) return nullptr;
        if (done()) {
            fail(line_.end_column, fmt::format("expected {}", what), std::move(help));
            return nullptr;
        }
        return &line_.words[next_++];
    }
    // The next word if it is the keyword `kw`.
    bool accept(std::string_view kw) {
        if (failed_ || done() || line_.words[next_].quoted || line_.words[next_].text != kw) return false;
        ++next_;
        return true;
    }
    bool expect(std::string_view kw) {
        if (failed_) return false;
        if (accept(kw)) return true;
        const token *t = peek();
        fail(t ? t->column : line_.end_column,
             t ? fmt::format("expected `{}`, found `{}`", kw, t->text) : fmt::format("expected `{}`", kw));
        return false;
    }
    std::optional<date> take_date(std::string_view what) {
        const token *t = take(what);
        if (!t) return std::nullopt;
        std::string why;
        auto d = date::parse(t->text, &why);
        if (!d) fail(t->column, fmt::format("`{}` is not a date: {}", t->text, why), "write dates as YYYY-MM-DD");
        return d;
    }
    void finish(std::string help = {}) {
        if (failed_ || done()) return;
        const token &t = line_.words[next_];
        fail(t.column, fmt::format("unexpected `{}` at the end of the line", t.text), std::move(help));
    }
    void fail(unsigned column, std::string message, std::string help = {}) {
        if (failed_) return;
        failed_ = true;
        problems_.push_back({line_.number, column, std::move(message), std::move(help)});
    }

private:
    const source_line &line_;
    std::vector<problem> &problems_;
    std::size_t next_ = 0;
    bool failed_ = false;
};

// A word of the file as reports may show it: what is shaped like a resident ID (valid or
// mistyped) is masked, anything else is shown as written.
std::string masked(std::string_view text) {
    auto normalized = ids::normalize(text);
    if (!normalized) return std::string(text);
    std::string m = ids::mask(*normalized);
    return m == *normalized ? std::string(text) : m;
}

// Why `text` is no valid identifier, with what the mask hides (a resident ID's birth date)
// masked in the reason too.
std::string invalid_reason(std::string_view text, const ids::id_result &v) {
    std::string shown = masked(text);
    auto first = shown.find('*');
    if (first == std::string::npos || v.normalized.size() != shown.size()) return v.reason;
    auto last = shown.find_last_of('*');
    std::string hidden = v.normalized.substr(first, last - first + 1);
    std::string reason = v.reason;
    for (auto at = reason.find(hidden); at != std::string::npos; at = reason.find(hidden, at)) {
        reason.replace(at, hidden.size(), std::string(hidden.size(), '*'));
    }
    return reason;
}

// The implementer of a measure in a decision: its departments joined with this.
constexpr std::string_view department_separator = "、";

// A valid identifier of `kind` for a subject declared without one: distinct per file index.
std::string generated_id(std::string_view kind, unsigned index) {
    if (kind == "person") return store::synthetic_resident_id(1000000 + index * 17);
    std::string code = store::synthetic_credit_code(1000 + index);
    std::string prefix = kind == "individual_business" ? "92"
                         : kind == "cooperative"       ? "93"
                         : kind == "institution"       ? "12"
                         : kind == "social_org"        ? "51"
                         : kind == "other_org"         ? "19"
                                                       : "91";
    code.replace(0, 2, prefix);
    code[17] = ids::credit_code_check_character(std::string_view(code).substr(0, 17));
    return code;
}

class parser {
public:
    parser(const sema::rule_set &rules, test_file &file) : rules_(rules), file_(file) {}

    void parse(std::string_view text) {
        if (auto bad = base::find_invalid_utf8(text); bad != std::string_view::npos) {
            auto line = static_cast<unsigned>(std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n')) + 1;
            file_.problems.push_back({line, 1, "the file is not valid UTF-8", {}});
            return;
        }
        unsigned number = 0;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string_view::npos) end = text.size();
            ++number;
            statement(split_line(text.substr(start, end - start), number, file_.problems));
            start = end + 1;
        }
        if (check_) close_check();
        if (file_.checks.empty() && file_.problems.empty()) {
            file_.problems.push_back({1, 1, "the file has no checks", "add a `check SUBJECT SCENARIO at DATE` line"});
        }
    }

private:
    void statement(const source_line &l) {
        if (l.words.empty()) return;
        if (l.indented) {
            if (!check_) {
                file_.problems.push_back({l.number, l.words[0].column, "an indented expectation outside a check",
                                          "put it right below a `check` line"});
                return;
            }
            expectation_line(l);
            return;
        }
        if (check_) close_check();
        const token &kw = l.words[0];
        if (kw.text == "subject") subject_line(l);
        else if (kw.text == "listing") listing_line(l);
        else if (kw.text == "relation") relation_line(l);
        else if (kw.text == "objection") objection_line(l);
        else if (kw.text == "repair" || kw.text == "revoke") status_line(l);
        else if (kw.text == "check") check_line(l);
        else {
            file_.problems.push_back({l.number, kw.column, fmt::format("unknown statement `{}`", kw.text),
                                      "statements are `subject`, `listing`, `relation`, `objection`, `repair`, "
                                      "`revoke` and `check`; expectations are indented below a check"});
        }
    }

    // An alias, or an identifier written out. Empty on error (reported).
    std::string subject_ref(reader &r, const token *t) {
        if (!t) return {};
        if (auto it = file_.subjects.find(t->text); it != file_.subjects.end()) return it->second.id;
        auto v = ids::validate(t->text);
        if (v.valid) return v.normalized;
        if (std::string shown = masked(t->text); shown != t->text) {
            r.fail(t->column, fmt::format("`{}` is no valid identifier ({})", shown, invalid_reason(t->text, v)),
                   "correct it, or declare the subject with `subject ALIAS ID` and use the alias");
            return {};
        }
        r.fail(t->column, fmt::format("`{}` is no declared subject and no valid identifier", t->text),
               fmt::format("declare it first: `subject {} enterprise` (or person, ...)", t->text));
        return {};
    }

    template <class Find>
    bool known(reader &r, const token *t, sema::entity kind, Find find) {
        if (!t) return false;
        if (find(t->text)) return true;
        auto near = rules_.closest(kind, t->text, 3);
        r.fail(t->column, fmt::format("unknown {} `{}`", sema::to_string(kind), t->text),
               near ? fmt::format("did you mean `{}`?", *near) : std::string{});
        return false;
    }

    void subject_line(const source_line &l) {
        reader r(l, file_.problems);
        r.take("`subject`");
        const token *alias = r.take("an alias after `subject`");
        const token *what = r.take("a subject kind or an identifier");
        if (r.failed()) return;
        if (file_.subjects.count(alias->text)) {
            r.fail(alias->column, fmt::format("subject `{}` is declared twice", alias->text));
            return;
        }
        subject_decl s;
        if (rules_.find_subject_kind(what->text)) {
            s.kind = what->text;
            s.id = generated_id(s.kind, ++generated_);
        } else {
            auto v = ids::validate(what->text);
            if (!v.valid) {
                auto near = rules_.closest(sema::entity::subject_kind, what->text, 3);
                r.fail(what->column,
                       fmt::format("`{}` is neither a subject kind nor a valid identifier ({})", masked(what->text),
                                   invalid_reason(what->text, v)),
                       near ? fmt::format("did you mean `{}`?", *near) : std::string{});
                return;
            }
            s.id = v.normalized;
            s.kind = std::string(ids::to_string(*v.kind));
        }
        s.name = alias->text;
        if (const token *name = r.peek(); name && name->quoted) {
            s.name = name->text;
            r.take("a name");
        }
        if (r.accept("established")) {
            const token *at = r.peek();
            if (auto d = r.take_date("the establishment date after `established`")) s.established = d->to_string();
            if (!r.failed() && s.kind == "person") {
                r.fail(at->column, "a person has no establishment date; `established` is for an organisation");
            }
        }
        r.finish();
        if (r.failed()) return;
        file_.names[s.id] = s.name;
        file_.subjects.emplace(alias->text, std::move(s));
    }

    void listing_line(const source_line &l) {
        reader r(l, file_.problems);
        r.take("`listing`");
        listing_fact f;
        const token *label = r.take("a label after `listing`");
        const token *who = r.take("the listed subject");
        f.subject = subject_ref(r, who);
        r.expect("on");
        const token *list = r.take("a list id after `on`");
        known(r, list, sema::entity::list, [&](std::string_view id) { return rules_.find_list(id).has_value(); });
        r.expect("since");
        auto since = r.take_date("the listing date after `since`");
        std::optional<date> until;
        if (r.accept("until")) until = r.take_date("the expiry date after `until`");
        if (r.accept("document")) {
            if (const token *doc = r.take("the document after `document`")) f.document = doc->text;
        }
        r.finish();
        if (r.failed()) return;
        if (file_.listings.count(label->text)) {
            r.fail(label->column, fmt::format("listing `{}` is declared twice", label->text));
            return;
        }
        f.label = label->text;
        f.list = list->text;
        f.since = since->to_string();
        if (until) f.until = until->to_string();
        if (f.document.empty()) f.document = fmt::format("credo test listing {}", f.label);
        file_.listings.emplace(f.label, f.list);
        file_.facts.emplace_back(l.number, std::move(f));
    }

    void relation_line(const source_line &l) {
        reader r(l, file_.problems);
        r.take("`relation`");
        relation_fact f;
        f.person = subject_ref(r, r.take("the person"));
        const token *role = r.take("a role");
        known(r, role, sema::entity::role, [&](std::string_view id) { return rules_.find_role(id).has_value(); });
        r.expect("of");
        f.org = subject_ref(r, r.take("the organisation after `of`"));
        r.expect("since");
        auto since = r.take_date("the start date after `since`");
        std::optional<date> until;
        if (r.accept("until")) until = r.take_date("the end date after `until`");
        r.finish();
        if (r.failed()) return;
        f.role = role->text;
        f.since = since->to_string();
        if (until) f.until = until->to_string();
        file_.facts.emplace_back(l.number, std::move(f));
    }

    const token *listing_ref(reader &r, std::string_view what) {
        const token *t = r.take(what);
        if (t && !file_.listings.count(t->text)) {
            r.fail(t->column, fmt::format("unknown listing `{}`", t->text), "declare it above with `listing`");
            return nullptr;
        }
        return t;
    }

    void objection_line(const source_line &l) {
        reader r(l, file_.problems);
        r.take("`objection`");
        objection_fact f;
        const token *label = r.take("a label after `objection`");
        r.expect("on");
        const token *listing = listing_ref(r, "a listing label after `on`");
        r.expect("filed");
        auto filed = r.take_date("the filing date after `filed`");
        std::optional<date> resolved;
        if (r.accept("accepted")) {
            f.outcome = store::objection_status::accepted;
            resolved = r.take_date("the resolution date after `accepted`");
        } else if (r.accept("dismissed")) {
            f.outcome = store::objection_status::dismissed;
            resolved = r.take_date("the resolution date after `dismissed`");
        }
        r.finish();
        if (r.failed()) return;
        if (!file_.objections.insert(label->text).second) {
            r.fail(label->column, fmt::format("objection `{}` is declared twice", label->text));
            return;
        }
        f.label = label->text;
        f.listing = listing->text;
        f.filed = *filed;
        if (resolved) f.resolved = *resolved;
        file_.facts.emplace_back(l.number, std::move(f));
    }

    void status_line(const source_line &l) {
        reader r(l, file_.problems);
        status_fact f;
        f.repair = r.take("`repair` or `revoke`")->text == "repair";
        const token *listing = listing_ref(r, "a listing label");
        r.expect("on");
        auto on = r.take_date("the date after `on`");
        r.finish();
        if (r.failed()) return;
        f.listing = listing->text;
        f.on = *on;
        file_.facts.emplace_back(l.number, std::move(f));
    }

    void check_line(const source_line &l) {
        check_case c;
        c.line = l.number;
        c.header = l.words;
        check_ = std::move(c);
    }

    void expectation_line(const source_line &l) {
        static const std::map<std::string, expect_kind, std::less<>> keywords = {
            {"verdict", expect_kind::verdict},     {"measures", expect_kind::measures},
            {"includes", expect_kind::includes},   {"excludes", expect_kind::excludes},
            {"escalated", expect_kind::escalated}, {"not", expect_kind::not_escalated},
            {"fields", expect_kind::fields},       {"suspended", expect_kind::suspended},
            {"suppressed", expect_kind::suppressed}, {"binding", expect_kind::binding},
            {"reached", expect_kind::reached},     {"to_verify", expect_kind::to_verify},
            {"via", expect_kind::via},             {"because", expect_kind::because},
            {"implementer", expect_kind::implementer}, {"error", expect_kind::error},
        };
        const token &kw = l.words[0];
        auto it = keywords.find(kw.text);
        if (kw.quoted || it == keywords.end()) {
            file_.problems.push_back({l.number, kw.column, fmt::format("unknown expectation `{}`", kw.text),
                                      "expectations are `verdict`, `measures`, `includes`, `excludes`, `escalated`, "
                                      "`not escalated`, `fields`, `reached`, `suspended`, `suppressed`, `to_verify`, "
                                      "`binding`, `via`, `because`, `implementer`, `error`"});
            return;
        }
        expectation e;
        e.kind = it->second;
        e.line = l.number;
        e.words.assign(l.words.begin() + 1, l.words.end());
        reader r(l, file_.problems);
        r.take("");
        auto measure_ids = [&](bool at_least_one) {
            if (at_least_one && r.done()) r.take("a measure id");
            while (!r.done() && !r.failed()) {
                const token *t = r.take("a measure id");
                if (t->text == "none" && e.words.size() == 1 && !at_least_one) continue;
                known(r, t, sema::entity::measure,
                      [&](std::string_view id) { return rules_.find_measure(id).has_value(); });
            }
        };
        switch (e.kind) {
        case expect_kind::verdict: {
            const token *t = r.take("an effect or `none` after `verdict`");
            if (t && t->text != "none") {
                known(r, t, sema::entity::effect, [&](std::string_view id) { return rules_.find_effect(id).has_value(); });
            }
            r.finish();
            break;
        }
        case expect_kind::measures:
        case expect_kind::suspended:
        case expect_kind::suppressed:
        case expect_kind::to_verify: measure_ids(false); break;
        case expect_kind::includes:
        case expect_kind::excludes: measure_ids(true); break;
        case expect_kind::escalated:
        case expect_kind::fields:
        case expect_kind::reached:
            while (!r.done() && !r.failed()) {
                known(r, r.take("a field"), sema::entity::field,
                      [&](std::string_view id) { return rules_.find_field(id).has_value(); });
            }
            break;
        case expect_kind::not_escalated:
            r.expect("escalated");
            r.finish();
            break;
        case expect_kind::binding: {
            known(r, r.take("a measure id after `binding`"), sema::entity::measure,
                  [&](std::string_view id) { return rules_.find_measure(id).has_value(); });
            const token *b = r.take("`mandatory` or `recommended`");
            if (b && b->text != "mandatory" && b->text != "recommended") {
                r.fail(b->column, fmt::format("expected `mandatory` or `recommended`, found `{}`", b->text));
            }
            r.finish();
            break;
        }
        case expect_kind::via: {
            known(r, r.take("a measure id after `via`"), sema::entity::measure,
                  [&](std::string_view id) { return rules_.find_measure(id).has_value(); });
            known(r, r.take("a role"), sema::entity::role,
                  [&](std::string_view id) { return rules_.find_role(id).has_value(); });
            r.expect("of");
            std::string of = subject_ref(r, r.take("the subject reached through after `of`"));
            r.finish();
            if (!r.failed()) e.words.back().text = of;  // compared as a normalised id
            break;
        }
        case expect_kind::because: {
            const token *m = r.take("a measure id after `because`");
            if (!known(r, m, sema::entity::measure,
                       [&](std::string_view id) { return rules_.find_measure(id).has_value(); })) {
                break;
            }
            e.measure = m->text;
            because_keys(r, e.reason);
            break;
        }
        case expect_kind::implementer: {
            const token *m = r.take("a measure id after `implementer`");
            if (!known(r, m, sema::entity::measure,
                       [&](std::string_view id) { return rules_.find_measure(id).has_value(); })) {
                break;
            }
            e.measure = m->text;
            e.one_department = r.accept("includes");
            const token *t = e.one_department
                                 ? r.take("a department after `includes`", "e.g. `includes \"发展改革委\"`")
                                 : r.take("the implementer after the measure id",
                                          "e.g. `\"发展改革委、财政部\"`, or `includes \"财政部\"` for one department");
            if (!t) break;
            if (t->text.empty()) {
                r.fail(t->column, "an empty implementer", "name the department(s) between the quotes");
                break;
            }
            if (e.one_department && t->text.find(department_separator) != std::string::npos) {
                r.fail(t->column, fmt::format("`{}` names more than one department", t->text),
                       fmt::format("`includes` takes one department; compare the whole text with `implementer {} "
                                   "\"{}\"`",
                                   e.measure, t->text));
                break;
            }
            e.implementer = t->text;
            r.finish("a department's name with spaces goes in quotes: `\"…\"`");
            break;
        }
        case expect_kind::error: {
            const token *t = r.take("an error code after `error`");
            static const std::set<std::string, std::less<>> codes = {"invalid_argument", "invalid_id",
                                                                     "unknown_scenario"};
            if (t && !codes.count(t->text)) {
                r.fail(t->column, fmt::format("unknown error code `{}`", t->text),
                       "a check can fail with `invalid_argument`, `invalid_id` or `unknown_scenario`");
            }
            r.finish();
            break;
        }
        }
        if (!r.failed()) check_->expects.push_back(std::move(e));
    }

    // The keys of `because MEASURE KEY VALUE...` after the measure id: `list LIST`, `listing
    // LABEL`, `document TEXT`, `listed_on DATE`, `expires_on DATE`, `via ROLE of SUBJECT` or
    // `via none`, each at most once; or `granted` alone.
    void because_keys(reader &r, reason_keys &k) {
        static constexpr std::array<std::string_view, 7> keys = {"list",       "listing", "document", "listed_on",
                                                                 "expires_on", "via",     "granted"};
        static const std::string all_keys =
            "the keys are `list LIST`, `listing LABEL`, `document \"…\"`, `listed_on DATE`, `expires_on DATE`, "
            "`via ROLE of SUBJECT`, `via none`, or `granted` alone";
        if (r.done()) {
            r.take("a key after the measure id", all_keys);
            return;
        }
        std::set<std::string, std::less<>> seen;
        while (!r.done() && !r.failed()) {
            const token *key = r.take("a key");
            bool is_key = std::find(keys.begin(), keys.end(), key->text) != keys.end();
            if (key->quoted && is_key) {
                r.fail(key->column, fmt::format("the key `{}` is quoted", key->text),
                       fmt::format("write `{}` without quotes", key->text));
                return;
            }
            if (!is_key) {
                std::string_view near;
                std::size_t best = 3;
                for (auto candidate : keys) {
                    if (auto d = base::edit_distance(candidate, key->text); d < best) {
                        best = d;
                        near = candidate;
                    }
                }
                r.fail(key->column, fmt::format("unknown key `{}` in `because`", key->text),
                       near.empty() ? all_keys : fmt::format("did you mean `{}`?", near));
                return;
            }
            if (seen.count(key->text)) {
                r.fail(key->column, fmt::format("`{}` is given twice", key->text),
                       "one `because` line describes one copy of the measure; write another line for another copy");
                return;
            }
            if ((key->text == "granted" && !seen.empty()) || seen.count("granted")) {
                r.fail(key->column, "`granted` stands alone: a measure a rule grants stems from no list entry",
                       "keep either `granted` or the keys of a list entry");
                return;
            }
            seen.insert(key->text);
            if (key->text == "granted") {
                k.granted = true;
            } else if (key->text == "list") {
                const token *t = r.take("a list id after `list`");
                if (known(r, t, sema::entity::list,
                          [&](std::string_view id) { return rules_.find_list(id).has_value(); })) {
                    k.list = t->text;
                }
            } else if (key->text == "listing") {
                if (const token *t = listing_ref(r, "a listing label after `listing`")) k.listing = t->text;
            } else if (key->text == "document") {
                if (const token *t = r.take("the document after `document`")) k.document = t->text;
            } else if (key->text == "listed_on") {
                k.listed_on = r.take_date("the listing date after `listed_on`");
            } else if (key->text == "expires_on") {
                if (r.accept("none")) k.expires_never = true;
                else k.expires_on = r.take_date("the expiry date or `none` after `expires_on`");
            } else if (r.accept("none")) {
                k.via = reason_keys::via_key::none;
            } else {
                const token *role = r.take("a role or `none` after `via`");
                known(r, role, sema::entity::role,
                      [&](std::string_view id) { return rules_.find_role(id).has_value(); });
                r.expect("of");
                std::string of = subject_ref(r, r.take("the subject reached through after `of`"));
                if (r.failed()) return;
                k.via = reason_keys::via_key::step;
                k.via_role = role->text;
                k.via_of = std::move(of);
            }
        }
    }

    // The check line is read once its expectations are known: a check that expects an error
    // may name an invalid subject, an unknown scenario or attribute.
    void close_check() {
        check_case c = std::move(*check_);
        check_.reset();
        source_line l;
        l.number = c.line;
        l.words = c.header;
        l.end_column = c.header.back().column + static_cast<unsigned>(base::count_code_points(c.header.back().text));
        reader r(l, file_.problems);
        auto expects_error = [&](std::string_view code) {
            return std::any_of(c.expects.begin(), c.expects.end(), [&](const expectation &e) {
                return e.kind == expect_kind::error && e.words[0].text == code;
            });
        };
        r.take("`check`");
        const token *who = r.take("the subject to check");
        const token *scenario = r.take("a scenario");
        if (who) {
            if (auto it = file_.subjects.find(who->text); it != file_.subjects.end()) c.subject = it->second.id;
            else if (expects_error("invalid_id") || expects_error("invalid_argument")) c.subject = who->text;
            else c.subject = subject_ref(r, who);
        }
        if (scenario && !expects_error("unknown_scenario")) {
            known(r, scenario, sema::entity::scenario,
                  [&](std::string_view id) { return rules_.find_scenario(id).has_value(); });
        }
        r.expect("at");
        auto at = r.take_date("the check date after `at`");
        while (!r.failed() && !r.done()) {
            const token *t = r.take("an attribute");
            auto eq = t->text.find('=');
            if (eq == std::string::npos || eq == 0) {
                r.fail(t->column, fmt::format("expected an attribute `key=value`, found `{}`", t->text));
                break;
            }
            std::string key = t->text.substr(0, eq);
            if (key != "credit_rating" && !rules_.find_attribute(key) && !expects_error("invalid_argument")) {
                auto near = rules_.closest(sema::entity::attribute, key, 3);
                r.fail(t->column, fmt::format("unknown attribute `{}`", key),
                       near ? fmt::format("did you mean `{}`?", *near) : std::string{});
                break;
            }
            c.attributes.emplace_back(std::move(key), t->text.substr(eq + 1));
        }
        if (r.failed()) return;
        if (c.expects.empty()) {
            file_.problems.push_back({c.line, 1, "a check without expectations",
                                      "indent expectations below it, e.g. `  verdict prohibit`"});
            return;
        }
        c.scenario = scenario->text;
        c.at = *at;
        file_.checks.push_back(std::move(c));
    }

    const sema::rule_set &rules_;
    test_file &file_;
    std::optional<check_case> check_;
    unsigned generated_ = 0;
};

// ---- running ----------------------------------------------------------------------------------

// A directory removed with everything in it when the object dies.
class scratch_dir {
public:
    scratch_dir() {
        std::string pattern = (fs::temp_directory_path() / "credo-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw usage_error("cannot create a temporary directory");
        path_ = pattern;
    }
    ~scratch_dir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir &) = delete;
    scratch_dir &operator=(const scratch_dir &) = delete;
    const fs::path &path() const { return path_; }

private:
    fs::path path_;
};

struct totals {
    std::size_t passed = 0;
    std::size_t failed = 0;
    std::size_t malformed_files = 0;
};

class runner {
public:
    runner(const std::string &rules_dir, std::shared_ptr<const sema::rule_set> rules, bool verbose)
        : rules_dir_(rules_dir), rules_(std::move(rules)), catalog_(engine_core::make_catalog(*rules_)),
          verbose_(verbose) {}

    void run_file(const std::string &path, totals &t) {
        std::string text;
        try {
            text = base::read_regular_file(path, std::uint64_t{256} << 20);
        } catch (const base::file_error &e) {
            throw usage_error(e.what());
        }
        test_file file;
        file.path = path;
        parser(*rules_, file).parse(text);
        if (file.problems.empty()) run(file, t);
        if (!file.problems.empty()) {
            std::sort(file.problems.begin(), file.problems.end(), [](const problem &a, const problem &b) {
                return std::tie(a.line, a.column) < std::tie(b.line, b.column);
            });
            for (const auto &p : file.problems) {
                std::cout << fmt::format("{}:{}:{}: error: {}\n", path, p.line, p.column, p.message);
                if (!p.help.empty()) std::cout << fmt::format("  help: {}\n", p.help);
            }
            ++t.malformed_files;
        }
    }

private:
    // Puts the facts in a fresh store; false (with problems) when the store refuses one.
    bool build_store(test_file &file, const std::string &db_path) {
        auto db = store::store::open(db_path);
        auto established_of = [&](const std::string &id) {
            for (const auto &[alias, s] : file.subjects) {
                if (s.id == id) return s.established;
            }
            return std::string();
        };
        auto name_of = [&](const std::string &id) {
            auto it = file.names.find(id);
            return it != file.names.end() ? it->second : std::string("unnamed");
        };
        for (const auto &[line, f] : file.facts) {
            std::string refused;
            if (const auto *l = std::get_if<listing_fact>(&f)) {
                store::new_entry e;
                e.list_id = l->list;
                e.subject_id = l->subject;
                e.subject_name = name_of(l->subject);
                e.listed_on = l->since;
                e.expires_on = l->until;
                e.document = l->document;
                e.initiator = "credo test";
                e.by = "credo test";
                e.established_on = established_of(l->subject);
                auto r = db.add_entry(catalog_, e);
                if (r) entries_[l->label] = *r;
                else refused = r.error();
            } else if (const auto *rel = std::get_if<relation_fact>(&f)) {
                store::new_relation n;
                n.person_id = rel->person;
                n.person_name = name_of(rel->person);
                n.org_id = rel->org;
                n.org_name = name_of(rel->org);
                n.role = rel->role;
                n.since = rel->since;
                n.until = rel->until;
                n.by = "credo test";
                n.established_on = established_of(rel->org);
                if (auto r = db.add_relation(catalog_, n); !r) refused = r.error();
            } else if (const auto *o = std::get_if<objection_fact>(&f)) {
                auto entry = entries_.find(o->listing);
                if (entry == entries_.end()) continue;  // the listing was refused: reported above
                auto r = db.open_objection(entry->second, o->filed, "credo test", "test objection");
                if (!r) {
                    refused = r.error();
                } else {
                    objections_[*r] = o->label;
                    if (o->outcome) {
                        auto s = db.resolve_objection(*r, *o->outcome, o->resolved, "credo test", "test resolution");
                        if (!s) refused = s.error();
                    }
                }
            } else if (const auto *s = std::get_if<status_fact>(&f)) {
                auto found = entries_.find(s->listing);
                if (found == entries_.end()) continue;  // the listing was refused: reported above
                auto entry = found->second;
                if (s->repair) {
                    if (auto r = db.record_repair(catalog_, entry, s->on, "test repair", "credo test"); !r) refused = r.error();
                } else if (auto r = db.revoke_entry(entry, s->on, "credo test", "test revocation"); !r) {
                    refused = r.error();
                }
            }
            if (!refused.empty()) file.problems.push_back({line, 1, fmt::format("the store refuses this fact: {}", refused), {}});
        }
        return file.problems.empty();
    }

    void run(test_file &file, totals &t) {
        entries_.clear();
        objections_.clear();
        aliases_.clear();
        for (const auto &[alias, s] : file.subjects) aliases_[s.id] = alias;
        scratch_dir dir;
        std::string db_path = (dir.path() / "facts.db").string();
        try {
            if (!build_store(file, db_path)) return;
        } catch (const std::exception &e) {
            throw usage_error(fmt::format("{}: cannot build the store: {}", file.path, e.what()));
        }
        for (const auto &[label, id] : entries_) labels_[id] = label;
        engine_options options;
        options.rules_dir = rules_dir_;
        options.db_path = db_path;
        options.audit = false;
        auto opened = engine::open(options);
        if (!opened) throw usage_error(fmt::format("{}: cannot open the engine: {}", file.path, opened.error().message));
        decision d;
        for (const auto &c : file.checks) {
            std::vector<query_attribute> attributes;
            for (const auto &[key, value] : c.attributes) attributes.push_back({key, std::string_view(value)});
            query q;
            q.subject = c.subject;
            q.scenario = c.scenario;
            q.as_of = c.at;
            q.querier = "credo test";
            q.attributes = attributes;
            status s = opened->check(q, d);
            std::vector<std::string> failures;
            for (const auto &e : c.expects) {
                if (auto f = evaluate(e, s, d); !f.empty()) failures.push_back(fmt::format("{}:{}: {}", file.path, e.line, f));
            }
            if (failures.empty()) {
                ++t.passed;
                if (verbose_) std::cout << fmt::format("{}:{}: ok\n", file.path, c.line);
                continue;
            }
            ++t.failed;
            std::cout << fmt::format("{}:{}: FAILED check {}\n", file.path, c.line, header_text(c));
            for (const auto &f : failures) std::cout << "  " << f << '\n';
            std::cout << describe(s, d) << '\n';
        }
    }

    // The check line after `check`, an identifier written out masked.
    static std::string header_text(const check_case &c) {
        std::string out;
        for (std::size_t i = 1; i < c.header.size(); ++i) {
            if (i > 1) out += ' ';
            out += i == 1 ? masked(c.header[i].text) : c.header[i].text;
        }
        return out;
    }

    std::string shown(std::string_view id) const {
        if (auto it = aliases_.find(std::string(id)); it != aliases_.end()) return it->second;
        return ids::mask(id);
    }

    static std::vector<std::string> ids_of(const std::vector<decision_measure> &ms) {
        std::set<std::string> unique;
        for (const auto &m : ms) unique.insert(m.measure);
        return {unique.begin(), unique.end()};
    }

    static std::string join(const std::vector<std::string> &words) {
        if (words.empty()) return "none";
        std::string out;
        for (const auto &w : words) out += (out.empty() ? "" : ", ") + w;
        return out;
    }

    static std::vector<std::string> words_of(const expectation &e) {
        std::set<std::string> unique;
        for (const auto &w : e.words) {
            if (w.text != "none") unique.insert(w.text);
        }
        return {unique.begin(), unique.end()};
    }

    // Empty when the expectation holds; else what differs.
    static std::string compare_sets(std::string_view what, const std::vector<std::string> &expected,
                                    const std::vector<std::string> &actual) {
        if (expected == actual) return {};
        std::vector<std::string> missing, extra;
        std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(), std::back_inserter(missing));
        std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(), std::back_inserter(extra));
        std::string out = fmt::format("expected {} {}, got {}", what, join(expected), join(actual));
        if (!missing.empty()) out += fmt::format(" (missing: {})", join(missing));
        if (!extra.empty()) out += fmt::format(" (unexpected: {})", join(extra));
        return out;
    }

    std::string evaluate(const expectation &e, const status &s, const decision &d) const {
        if (e.kind == expect_kind::error) {
            if (s.ok()) return fmt::format("expected error `{}`, the check succeeded with verdict `{}`", e.words[0].text, d.verdict);
            if (to_string(s.error().code) != e.words[0].text) {
                return fmt::format("expected error `{}`, got `{}`: {}", e.words[0].text, to_string(s.error().code),
                                   s.error().message);
            }
            return {};
        }
        if (!s.ok()) return fmt::format("the check failed: {} ({})", s.error().message, to_string(s.error().code));
        auto applied = ids_of(d.measures);
        switch (e.kind) {
        case expect_kind::verdict:
            if (d.verdict == e.words[0].text) return {};
            return fmt::format("expected verdict `{}`, got `{}`", e.words[0].text, d.verdict);
        case expect_kind::measures: return compare_sets("measures", words_of(e), applied);
        case expect_kind::suspended: return compare_sets("suspended measures", words_of(e), ids_of(d.suspended));
        case expect_kind::suppressed:
            return compare_sets("suppressed incentives", words_of(e), ids_of(d.suppressed_incentives));
        case expect_kind::to_verify: return compare_sets("measures to verify", words_of(e), ids_of(d.to_verify));
        case expect_kind::reached: {
            std::vector<std::string> actual = d.reached_fields;
            std::sort(actual.begin(), actual.end());
            return compare_sets("reached fields", words_of(e), actual);
        }
        case expect_kind::includes: {
            std::vector<std::string> missing;
            for (const auto &w : words_of(e)) {
                if (!std::binary_search(applied.begin(), applied.end(), w)) missing.push_back(w);
            }
            if (missing.empty()) return {};
            return fmt::format("expected {} among the applied measures; not applied: {}", join(words_of(e)), join(missing));
        }
        case expect_kind::excludes: {
            std::vector<std::string> present;
            for (const auto &w : words_of(e)) {
                if (std::binary_search(applied.begin(), applied.end(), w)) present.push_back(w);
            }
            if (present.empty()) return {};
            return fmt::format("expected {} not to apply; applied: {}", join(words_of(e)), join(present));
        }
        case expect_kind::escalated: {
            if (!d.escalated) return fmt::format("expected an escalated decision, it is not (black fields: {})", join(d.black_fields));
            if (e.words.empty()) return {};
            std::vector<std::string> actual = d.black_fields;
            std::sort(actual.begin(), actual.end());
            return compare_sets("black fields", words_of(e), actual);
        }
        case expect_kind::not_escalated:
            if (!d.escalated) return {};
            return fmt::format("expected no escalation, the decision is escalated (black fields: {})", join(d.black_fields));
        case expect_kind::fields: {
            std::vector<std::string> actual = d.black_fields;
            std::sort(actual.begin(), actual.end());
            return compare_sets("black fields", words_of(e), actual);
        }
        case expect_kind::binding: {
            const auto &id = e.words[0].text;
            const auto &want = e.words[1].text;
            bool found = false;
            for (const auto &m : d.measures) {
                if (m.measure != id) continue;
                found = true;
                if (m.binding != want) return fmt::format("expected `{}` to be {}, it is {}", id, want, m.binding);
            }
            return found ? std::string{} : fmt::format("expected `{}` to be {}, it is not applied", id, want);
        }
        case expect_kind::via: {
            const auto &id = e.words[0].text;
            const auto &role = e.words[1].text;
            const auto &of = e.words[3].text;
            std::vector<std::string> seen;
            for (const auto &m : d.measures) {
                if (m.measure != id || !m.because) continue;
                if (m.because->via.empty()) seen.push_back("the subject's own listing");
                for (const auto &step : m.because->via) {
                    if (step.role == role && step.of == of) return {};
                    seen.push_back(fmt::format("{} of {}", step.role, shown(step.of)));
                }
            }
            if (seen.empty()) return fmt::format("expected `{}` via {} of {}, it is not applied", id, role, shown(of));
            return fmt::format("expected `{}` via {} of {}, it applies through {}", id, role, shown(of), join(seen));
        }
        case expect_kind::because: return evaluate_because(e, d);
        case expect_kind::implementer: {
            auto m = std::find_if(d.measures.begin(), d.measures.end(),
                                  [&](const decision_measure &m) { return m.measure == e.measure; });
            if (e.one_department) {
                if (m == d.measures.end()) {
                    return fmt::format("expected {} among the implementers of `{}`, it is not applied",
                                       quoted(e.implementer), e.measure);
                }
                auto departments = departments_of(m->implementer);
                if (std::find(departments.begin(), departments.end(), e.implementer) != departments.end()) return {};
                return fmt::format("expected {} among the implementers of `{}`, it is implemented by {}",
                                   quoted(e.implementer), e.measure, quoted(m->implementer));
            }
            if (m == d.measures.end()) {
                return fmt::format("expected `{}` implemented by {}, it is not applied", e.measure,
                                   quoted(e.implementer));
            }
            if (m->implementer == e.implementer) return {};
            return fmt::format("expected `{}` implemented by {}, it is implemented by {}", e.measure,
                               quoted(e.implementer), quoted(m->implementer));
        }
        case expect_kind::error: break;
        }
        return {};
    }

    // `because`: some applied copy of the measure matches every key given.
    std::string evaluate_because(const expectation &e, const decision &d) const {
        std::vector<const decision_measure *> copies;
        for (const auto &m : d.measures) {
            if (m.measure != e.measure) continue;
            if (matches(e.reason, m)) return {};
            copies.push_back(&m);
        }
        std::string out = fmt::format("expected `{}` because {}", e.measure, describe_keys(e.reason));
        if (copies.empty()) return out + ", it is not applied";
        // Granted first, then the subject's own listings, then those it is reached through.
        auto order = [](const decision_measure *m) {
            if (!m->because) return std::tuple(0, date{}, std::int64_t{0});
            return std::tuple(m->because->via.empty() ? 1 : 2, m->because->listed_on, m->because->entry);
        };
        std::stable_sort(copies.begin(), copies.end(),
                         [&](const decision_measure *a, const decision_measure *b) { return order(a) < order(b); });
        out += "; it applies only as:";
        for (const auto *m : copies) out += "\n    " + describe_copy(*m, e.reason.document.has_value());
        return out;
    }

    bool matches(const reason_keys &k, const decision_measure &m) const {
        if (!m.because) return k.granted;
        if (k.granted) return false;
        const auto &b = *m.because;
        if (k.list && b.list != *k.list) return false;
        if (k.listing) {
            auto entry = entries_.find(*k.listing);
            if (entry == entries_.end() || entry->second != b.entry) return false;
        }
        if (k.document && b.document != *k.document) return false;
        if (k.listed_on && b.listed_on != *k.listed_on) return false;
        if (k.expires_on && b.expires_on != *k.expires_on) return false;
        if (k.expires_never && b.expires_on) return false;
        switch (k.via) {
        case reason_keys::via_key::any: return true;
        case reason_keys::via_key::none: return b.via.empty();
        case reason_keys::via_key::step:
            return std::any_of(b.via.begin(), b.via.end(),
                               [&](const via_step &s) { return s.role == k.via_role && s.of == k.via_of; });
        }
        return true;
    }

    // The keys as written in a `because` line, in a fixed order, subjects by alias or masked.
    std::string describe_keys(const reason_keys &k) const {
        if (k.granted) return "granted";
        std::vector<std::string> parts;
        if (k.list) parts.push_back("list " + *k.list);
        if (k.listing) parts.push_back("listing " + *k.listing);
        if (k.document) parts.push_back("document " + quoted(*k.document));
        if (k.listed_on) parts.push_back("listed_on " + k.listed_on->to_string());
        if (k.expires_on) parts.push_back("expires_on " + k.expires_on->to_string());
        if (k.expires_never) parts.push_back("expires_on none");
        if (k.via == reason_keys::via_key::none) parts.push_back("via none");
        if (k.via == reason_keys::via_key::step) {
            parts.push_back(fmt::format("via {} of {}", k.via_role, shown(k.via_of)));
        }
        std::string out;
        for (const auto &p : parts) out += (out.empty() ? "" : " ") + p;
        return out;
    }

    // One applied copy as a `because` line that would match it.
    std::string describe_copy(const decision_measure &m, bool with_document) const {
        if (!m.because) return fmt::format("because {} granted  # by rule {}", m.measure, m.memorandum);
        const auto &b = *m.because;
        std::string out = fmt::format("because {} list {}", m.measure, b.list);
        if (auto label = labels_.find(b.entry); label != labels_.end()) out += " listing " + label->second;
        if (with_document) out += " document " + quoted(b.document);
        out += fmt::format(" listed_on {} expires_on {}", b.listed_on.to_string(),
                           b.expires_on ? b.expires_on->to_string() : std::string("none"));
        if (b.via.empty()) out += " via none";
        for (const auto &step : b.via) out += fmt::format(" via {} of {}", step.role, shown(step.of));
        return out;
    }

    // `"text"` with `"` and `\` escaped, as a test file writes it.
    static std::string quoted(std::string_view text) {
        std::string out = "\"";
        for (char c : text) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        return out + '"';
    }

    static std::vector<std::string_view> departments_of(std::string_view implementer) {
        std::vector<std::string_view> out;
        while (true) {
            auto at = implementer.find(department_separator);
            out.push_back(implementer.substr(0, at));
            if (at == std::string_view::npos) break;
            implementer.remove_prefix(at + department_separator.size());
        }
        return out;
    }

    std::string describe_measures(const std::vector<decision_measure> &ms) const {
        std::string out;
        for (const auto &m : ms) {
            out += fmt::format("\n      {} {} {}", m.measure, m.effect, m.binding);
            if (m.because) {
                auto label = labels_.find(m.because->entry);
                out += fmt::format(" because {} listing {}", m.because->list,
                                   label != labels_.end() ? label->second : std::to_string(m.because->entry));
                for (const auto &step : m.because->via) out += fmt::format(" via {} of {}", step.role, shown(step.of));
            } else {
                out += fmt::format(" granted by rule {}", m.memorandum);
            }
            if (m.objection) {
                auto label = objections_.find(*m.objection);
                out += fmt::format(" (objection {})", label != objections_.end() ? label->second : std::to_string(*m.objection));
            }
        }
        return out.empty() ? " none" : out;
    }

    std::string describe(const status &s, const decision &d) const {
        if (!s.ok()) return fmt::format("  the check failed: {} ({})", s.error().message, to_string(s.error().code));
        std::string out = fmt::format("  the decision: verdict {}, {}", d.verdict, d.escalated ? "escalated" : "not escalated");
        out += fmt::format(", black fields: {}", join(d.black_fields));
        if (!d.reached_fields.empty()) out += fmt::format(", reached fields: {}", join(d.reached_fields));
        out += "\n    measures:" + describe_measures(d.measures);
        if (!d.to_verify.empty()) out += "\n    to verify:" + describe_measures(d.to_verify);
        if (!d.suspended.empty()) out += "\n    suspended:" + describe_measures(d.suspended);
        if (!d.suppressed_incentives.empty()) out += "\n    suppressed incentives:" + describe_measures(d.suppressed_incentives);
        return out;
    }

    std::string rules_dir_;
    std::shared_ptr<const sema::rule_set> rules_;
    store::catalog catalog_;
    bool verbose_ = false;
    std::map<std::string, std::int64_t, std::less<>> entries_;  // listing label → entry id
    std::map<std::int64_t, std::string> labels_;
    std::map<std::int64_t, std::string> objections_;
    std::map<std::string, std::string, std::less<>> aliases_;  // normalised id → alias
};

// ---- the command ------------------------------------------------------------------------------

struct test_args {
    std::string rules;
    std::vector<std::string> paths;
    bool verbose = false;
};

std::vector<std::string> test_files(const std::vector<std::string> &paths) {
    std::vector<std::string> files;
    for (const auto &p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (const auto &entry : fs::recursive_directory_iterator(p, ec)) {
                if (entry.is_regular_file() && entry.path().extension() == ".credo-test") {
                    found.push_back(entry.path().string());
                }
            }
            if (ec) throw usage_error(fmt::format("cannot read `{}`: {}", p, ec.message()));
            std::sort(found.begin(), found.end());
            if (found.empty()) throw usage_error(fmt::format("no `*.credo-test` files in `{}`", p));
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
        } else {
            throw usage_error(fmt::format("no such file or directory: `{}`", p));
        }
    }
    return files;
}

int run_test(const test_args &args) {
    std::string dir = rules_directory(args.rules);
    auto rules = load_rules_or_throw(dir);
    auto files = test_files(args.paths);
    runner r(dir, rules, args.verbose);
    totals t;
    for (const auto &f : files) r.run_file(f, t);
    std::cout << fmt::format("{} passed, {} failed", t.passed, t.failed);
    if (t.malformed_files) {
        std::cout << fmt::format(", {} malformed {}", t.malformed_files, t.malformed_files == 1 ? "file" : "files");
    }
    std::cout << '\n';
    if (t.malformed_files) return exit_usage;
    return t.failed ? exit_findings : exit_ok;
}

void add_test_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<test_args>();
    auto *cmd = app.add_subcommand("test", "run rule tests (*.credo-test) against the rules, without a database");
    cmd->add_option("paths", args->paths, "test files, or directories searched for *.credo-test files")->required();
    cmd->add_option("--rules", args->rules, "the rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_flag("-v,--verbose", args->verbose, "print a line for every check that passes");
    cmd->callback([args, &ctx] { ctx.result = run_test(*args); });
}

const command_registration registration{"test", add_test_command};

}  // namespace

std::vector<std::string> rule_test_problems(const sema::rule_set &rules, std::string_view text) {
    test_file file;
    parser(rules, file).parse(text);
    std::sort(file.problems.begin(), file.problems.end(), [](const problem &a, const problem &b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    std::vector<std::string> out;
    for (const auto &p : file.problems) out.push_back(fmt::format("{}:{}: {}", p.line, p.column, p.message));
    return out;
}

}  // namespace credo::cli
