//! What a query finds when its words are not all right: exact matches first; when
//! they are fewer than `forgive::FEW_EXACT`, near ones (a word decoded from Telex or
//! VNI keys, or one slip away); when nothing at all has every word, the pages with
//! most of them. The Rust twin of `search` in `search-core.js`, held to it by the
//! golden cases. It does not read fragments.

use std::collections::{BTreeMap, BTreeSet};

use super::forgive::{decode_typing, near_keys, FEW_EXACT};
use super::format::{FormatError, TermEntry};
use super::pairs::phrase_groups;
use super::query::{parse_query, sort_hits, token, Hit, QueryToken, Searcher};
use super::tokenize::query_terms;

/// How the near matches were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No near matches.
    Exact,
    /// Some words read another way (decoded, or one slip away).
    Near,
    /// No page has every word: the pages with most of them.
    SomeWords,
}

/// Exact hits, then near ones (no document twice).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub hits: Vec<Hit>,
    pub near: Vec<Hit>,
    pub mode: Mode,
    /// The query as the near matches read it ("kiểm tra" for "kieemr tra").
    pub near_text: String,
}

/// A query's tokens read again, their terms, and whether any word was read another way.
type NearReading = (Vec<QueryToken>, Vec<Vec<TermEntry>>, bool);

/// One way of reading a token: the token that stands for it and its terms.
struct Reading {
    token: QueryToken,
    terms: Vec<TermEntry>,
}

impl<F: Fn(&str) -> Option<Vec<u8>>> Searcher<F> {
    /// Everything `query` finds, exact and near (see the module's comment).
    pub fn answer(&mut self, query: &str) -> Result<Answer, FormatError> {
        let tokens = parse_query(query);
        let mut terms = Vec::with_capacity(tokens.len());
        for t in &tokens {
            terms.push(self.matching_terms(t)?);
        }
        let groups = phrase_groups(query);
        let hits = self.arranged(&tokens, &terms, &groups)?;
        let mut answer = Answer {
            hits,
            near: Vec::new(),
            mode: Mode::Exact,
            near_text: String::new(),
        };
        if tokens.is_empty() || answer.hits.len() >= FEW_EXACT {
            return Ok(answer);
        }
        let (near_tokens, near_terms, changed) = self.near_reading(&tokens, &terms)?;
        if changed {
            let exact: BTreeSet<u32> = answer.hits.iter().map(|h| h.doc).collect();
            answer.near = self.arranged(&near_tokens, &near_terms, &groups)?;
            answer.near.retain(|h| !exact.contains(&h.doc));
            answer.near_text = words_of(&near_tokens);
            answer.mode = Mode::Near;
        }
        if answer.hits.is_empty() && answer.near.is_empty() && tokens.len() > 1 && groups.is_empty()
        {
            answer.near = self.most_of(&tokens, &terms);
            answer.near_text = words_of(&tokens);
            answer.mode = if answer.near.is_empty() {
                Mode::Exact
            } else {
                Mode::SomeWords
            };
        }
        Ok(answer)
    }

    /// The query read with its unknown words (or, when every word is known, all
    /// of them) replaced, word by word, by the reading that finds most pages.
    fn near_reading(
        &mut self,
        tokens: &[QueryToken],
        terms: &[Vec<TermEntry>],
    ) -> Result<NearReading, FormatError> {
        let any_unknown = terms.iter().any(Vec::is_empty);
        let mut near_tokens = tokens.to_vec();
        let mut near_terms = terms.to_vec();
        let mut changed = false;
        for i in 0..tokens.len() {
            let known = !terms[i].is_empty();
            if any_unknown && known {
                continue;
            }
            let mut best: Option<(usize, Reading)> = None;
            for reading in self.readings(&tokens[i], &terms[i])? {
                let mut trial_tokens = near_tokens.clone();
                let mut trial_terms = near_terms.clone();
                trial_tokens[i] = reading.token.clone();
                trial_terms[i] = reading.terms.clone();
                let found = self.count_known(&trial_tokens, &trial_terms);
                if found > 0 && best.as_ref().is_none_or(|(n, _)| found > *n) {
                    best = Some((found, reading));
                }
            }
            if let Some((_, reading)) = best {
                near_tokens[i] = reading.token;
                near_terms[i] = reading.terms;
                changed = true;
            }
        }
        Ok((near_tokens, near_terms, changed))
    }

    /// The documents with every token, quoted phrases side by side, those where
    /// neighbouring words stand together ranked higher.
    fn arranged(
        &mut self,
        tokens: &[QueryToken],
        terms: &[Vec<TermEntry>],
        groups: &[Vec<usize>],
    ) -> Result<Vec<Hit>, FormatError> {
        let mut hits = self.all_of(tokens, terms);
        if tokens.len() < 2 || hits.is_empty() {
            return Ok(hits);
        }
        for i in 1..tokens.len() {
            let side_by_side: BTreeSet<u32> = self
                .pair_docs(&tokens[i - 1].folded, &tokens[i].folded)?
                .into_iter()
                .collect();
            let quoted = groups
                .iter()
                .any(|g| g.contains(&(i - 1)) && g.contains(&i));
            if quoted {
                hits.retain(|h| side_by_side.contains(&h.doc));
            }
            for hit in &mut hits {
                hit.together += u32::from(side_by_side.contains(&hit.doc));
            }
        }
        sort_hits(&mut hits);
        Ok(hits)
    }

    /// How many documents hold every word that has terms: a word still unread
    /// later in the query does not make its neighbours' readings look empty.
    fn count_known(&self, tokens: &[QueryToken], terms: &[Vec<TermEntry>]) -> usize {
        let (tokens, terms): (Vec<QueryToken>, Vec<Vec<TermEntry>>) = tokens
            .iter()
            .zip(terms)
            .filter(|(_, terms)| !terms.is_empty())
            .map(|(t, terms)| (t.clone(), terms.clone()))
            .unzip();
        self.all_of(&tokens, &terms).len()
    }

    /// The other readings of one token: decoded from Telex or VNI keys (an unknown
    /// word only), and the index words one slip away (with the word itself if known),
    /// those `affordable` allows.
    fn readings(&mut self, t: &QueryToken, own: &[TermEntry]) -> Result<Vec<Reading>, FormatError> {
        let decoded = if own.is_empty() {
            decoded_token(&t.exact)
        } else {
            None
        };
        let slips: Vec<String> = near_keys(&t.folded, self.words()?)
            .into_iter()
            .map(String::from)
            .collect();
        let candidates: Vec<&str> = decoded
            .iter()
            .map(|d| d.folded.as_str())
            .chain(slips.iter().map(String::as_str))
            .collect();
        let allowed = self.affordable(&candidates)?;
        let mut readings = Vec::new();
        if let Some(decoded) = decoded.clone().filter(|_| allowed[0]) {
            let terms = self.matching_terms(&decoded)?;
            if !terms.is_empty() {
                readings.push(Reading {
                    token: decoded,
                    terms,
                });
            }
        }
        let keys: Vec<String> = slips
            .into_iter()
            .zip(&allowed[usize::from(decoded.is_some())..])
            .filter_map(|(key, &ok)| ok.then_some(key))
            .collect();
        let mut slipped: Vec<TermEntry> = own.to_vec();
        for key in &keys {
            slipped.extend(self.matching_terms(&token(key.clone()))?);
        }
        if let Some(first) = keys.first().filter(|_| slipped.len() > own.len()) {
            let shown = slipped
                .iter()
                .find(|term| &term.key == first)
                .and_then(|term| term.variants.first().cloned())
                .unwrap_or_else(|| first.clone());
            let mut stand_in = token(first.clone());
            stand_in.exact = shown;
            stand_in.marked = false;
            readings.push(Reading {
                token: if own.is_empty() { stand_in } else { t.clone() },
                terms: slipped,
            });
        }
        Ok(readings)
    }

    /// Which of a word's candidate keys its readings look up: in order (the word
    /// its Telex or VNI keys spell first: they say what was meant; then the words
    /// one slip away, commonest first), as long as together they need at most one
    /// shard that is not loaded yet. So a forgiven word costs at most one request
    /// more than the query typed the way it is read. A key the word list lacks
    /// needs no shard and is left out.
    fn affordable(&mut self, keys: &[&str]) -> Result<Vec<bool>, FormatError> {
        let mut allowed = vec![false; keys.len()];
        let mut new_shard = None;
        for (i, key) in keys.iter().enumerate() {
            if self.word_docs(key)? == Some(0) {
                continue;
            }
            let (shard, loaded) = self.shard_for(key);
            allowed[i] = loaded || *new_shard.get_or_insert(shard) == shard;
        }
        Ok(allowed)
    }

    /// The documents with the most of the tokens (at least one), best first.
    fn most_of(&self, tokens: &[QueryToken], terms: &[Vec<TermEntry>]) -> Vec<Hit> {
        let mut sum: BTreeMap<u32, (usize, Hit)> = BTreeMap::new();
        for (t, terms) in tokens.iter().zip(terms) {
            for (doc, hit) in self.best_per_doc(t, terms) {
                sum.entry(doc)
                    .and_modify(|(n, h)| {
                        *n += 1;
                        *h = h.plus(&hit);
                    })
                    .or_insert((1, hit));
            }
        }
        let most = sum.values().map(|(n, _)| *n).max().unwrap_or(0);
        let mut hits: Vec<Hit> = sum
            .into_values()
            .filter(|(n, _)| *n == most)
            .map(|(_, h)| h)
            .collect();
        sort_hits(&mut hits);
        hits
    }
}

/// `exact` read as Telex or VNI keys, when that makes one word: its marks are strict.
fn decoded_token(exact: &str) -> Option<QueryToken> {
    let decoded = decode_typing(exact)?;
    let [word] = query_terms(&decoded).try_into().ok()?;
    let mut decoded = token(word);
    decoded.strict = decoded.marked;
    Some(decoded)
}

/// The words of a reading, as shown under the near-match label.
fn words_of(tokens: &[QueryToken]) -> String {
    tokens
        .iter()
        .map(|t| t.exact.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::search::build_index;
    use crate::search::docs::{test_doc, SearchDoc};

    fn answer(docs: &[SearchDoc], query: &str) -> Answer {
        let texts = crate::locale::Texts::builtin(crate::locale::Lang::Vi);
        let files: HashMap<String, Vec<u8>> = build_index(docs, &texts).files.into_iter().collect();
        let mut searcher =
            Searcher::open(move |path| files.get(&format!("search/{path}")).cloned())
                .expect("index opens");
        searcher.answer(query).expect("search runs")
    }

    fn docs(answer: &[Hit]) -> Vec<u32> {
        answer.iter().map(|h| h.doc).collect()
    }

    fn corpus() -> Vec<SearchDoc<'static>> {
        vec![
            test_doc(
                "Kiểm tra công tác cải cách hành chính",
                "đoàn kiểm tra làm việc",
            ),
            test_doc("Mô tả thủ tục", "kiếm tìm thông tin, tra cứu, mô tả"),
            test_doc("Cải cách thủ tục", "cải cách hành chính ở xã"),
            test_doc("Một cửa liên thông", "bộ phận một cửa"),
        ]
    }

    #[test]
    fn finds_words_typed_with_telex_or_vni_left_on_as_near_matches() {
        for query in [
            "kieemr tra",
            "kie63m tra",
            "cari cach",
            "kiem tar",
            "cai cachh",
        ] {
            let a = answer(&corpus(), query);
            assert!(a.hits.is_empty(), "{query}: {:?}", a.hits);
            assert_eq!(a.mode, Mode::Near, "{query}");
            assert!(docs(&a.near).contains(&0), "{query}: {:?}", a.near);
        }
        let a = answer(&corpus(), "kieemr tra");
        assert_eq!(a.near_text, "kiểm tra");
        assert_eq!(docs(&a.near), [0], "the decoded marks are strict: not kiếm");
        assert_eq!(answer(&corpus(), "cai cachh").near_text, "cai cách");
    }

    /// The index files a query loads after `meta.json`, and its answer.
    fn loads(files: &HashMap<String, Vec<u8>>, query: &str) -> (Answer, Vec<String>) {
        let seen = std::cell::RefCell::new(Vec::new());
        let mut searcher = Searcher::open(|path: &str| {
            seen.borrow_mut().push(path.to_string());
            files.get(&format!("search/{path}")).cloned()
        })
        .expect("index opens");
        let answer = searcher.answer(query).expect("search runs");
        drop(searcher);
        let mut paths = seen.into_inner();
        paths.retain(|p| p != "meta.json");
        (answer, paths)
    }

    #[test]
    fn a_forgiven_word_costs_at_most_one_request_more_than_the_query_read_right() {
        // Filler words from "kiefaaq" to "kiefzzq" (between "kieemr" and "kiem", none
        // one slip from either) and from "ziefaaq" to "ziefzzq", in many pages each:
        // shards part those words.
        let fillers = |first: char| -> String {
            let letters = 'a'..='z';
            letters
                .clone()
                .flat_map(|a| letters.clone().map(move |b| format!("{first}ief{a}{b}q")))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let body = format!("{} {}", fillers('k'), fillers('z'));
        let titles: Vec<String> = (0..40).map(|n| format!("Trang {n}")).collect();
        let mut corpus = corpus();
        corpus.extend(titles.iter().map(|t| test_doc(t, &body)));
        let texts = crate::locale::Texts::builtin(crate::locale::Lang::Vi);
        let built = build_index(&corpus, &texts);
        let shard = |key: &str| crate::search::query::shard_of(&built.manifest.shards, key);
        assert_ne!(shard("kieemr"), shard("kiem"), "the case needs them apart");
        assert_ne!(
            shard("kiefaaq"),
            shard("ziefaaq"),
            "the case needs them apart"
        );
        let files: HashMap<String, Vec<u8>> = built.files.into_iter().collect();
        // A whole word the word list lacks loads nothing; a last word (still a
        // prefix) and a word with digits (VNI keys: not a plain word, it may be a
        // code) load their own shard, so their reading may cost one request more.
        for (typed, read_right, extra) in [
            ("kieemr tra", "kiểm tra", 0),
            ("kie63m tra", "kiểm tra", 1),
            ("tra kieemr", "tra kiểm", 1),
            ("xiefaaq ", "kiefaaq", 0),
            ("xiefaaq", "kiefaaq", 1),
        ] {
            let (answer, forgiven) = loads(&files, typed);
            assert_eq!(answer.mode, Mode::Near, "{typed}");
            assert_eq!(answer.near_text, read_right, "{typed}");
            assert!(!answer.near.is_empty(), "{typed}");
            let right = format!("{read_right}{}", &typed[typed.trim_end().len()..]);
            let (_, plain) = loads(&files, &right);
            assert!(
                forgiven.len() <= plain.len() + extra,
                "{typed}: {forgiven:?} against {plain:?}"
            );
        }
    }

    #[test]
    fn ranks_exact_matches_and_looks_no_further_when_they_are_enough() {
        let a = answer(&corpus(), "cai cach");
        assert_eq!(docs(&a.hits), [2, 0]);
        assert!(a.near.is_empty());
        assert_eq!(a.mode, Mode::Exact);
    }

    #[test]
    fn finds_nothing_for_nonsense() {
        let a = answer(&corpus(), "sdafadsfasdf");
        assert!(a.hits.is_empty() && a.near.is_empty(), "{a:?}");
        assert_eq!(a.mode, Mode::Exact);
    }

    #[test]
    fn quoted_phrases_match_side_by_side_and_side_by_side_ranks_first() {
        let corpus = [
            test_doc("Một lần", "một buổi, đến cửa hàng"),
            test_doc("Bộ phận", "nộp tại bộ phận một cửa"),
            test_doc("Cửa sổ", "mở cửa một lúc"),
        ];
        assert_eq!(docs(&answer(&corpus, "\"một cửa\"").hits), [1]);
        assert_eq!(docs(&answer(&corpus, "“mot cua”").hits), [1]);
        assert_eq!(docs(&answer(&corpus, "\"cửa một\"").hits), [2]);
        assert_eq!(docs(&answer(&corpus, "một cửa").hits)[0], 1);
        let quoted_nonsense = answer(&corpus, "\"một sdafadsfasdf\"");
        assert!(quoted_nonsense.hits.is_empty() && quoted_nonsense.near.is_empty());
    }

    #[test]
    fn falls_back_to_pages_with_most_of_the_words() {
        let a = answer(&corpus(), "một cửa sdafadsfasdf");
        assert!(a.hits.is_empty());
        assert_eq!(a.mode, Mode::SomeWords);
        assert_eq!(docs(&a.near), [3]);
    }
}
