//! The dataset file as written: serde input structs, before any validation.
//!
//! Why hand-written visitors for `series` and `values`: serde_yaml turns a plain number into an `f64` before a
//! derived, `untagged` or `flatten` type sees it (`61.90` becomes `61.9`, `12345678901234567.89` is rounded),
//! and a map type keeps only the last of two equal keys. So keys are read in order with duplicates kept, and
//! every value is kept as text: `deserialize_str` hands over a plain scalar's text unchanged, and a bare value
//! (which may also be a `{ value, status, note }` map, so it must go through `deserialize_any`) that serde_yaml
//! reads as a number is marked [`Scalar::Number`]; its exact text is then taken from the source line.
//!
//! Required fields are `Option`s here so that validation can report every missing one, not just the first.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// The top level of a dataset file.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "the dataset's fields (`title: …`, `currency: …`, …)")]
pub(super) struct RawDataset {
    pub title: Option<String>,
    pub description: Option<String>,
    pub currency: Option<String>,
    pub unit: Option<String>,
    /// Read as text, so that a wrong value gets spendsite's message rather than serde's.
    pub fiscal_year_start: Option<Text>,
    pub allow_negative: Option<bool>,
    pub sources: Option<Vec<RawSource>>,
    pub notes: Option<String>,
    /// Dated notes on changes to the values: `- date: 2025-06-10` and `note: …`.
    pub revisions: Option<Vec<RawRevision>>,
    /// What every chart of the dataset points out: `- line: 60` (or `range:`, `callout:`) and `label: …`.
    /// Read as keys and texts, so that the kinds are named in one place (`annotation::Mark`).
    pub annotations: Option<Vec<Entries<Text>>>,
    /// Where the values come from when they are not written under `series`: a CSV file.
    pub table: Option<RawTable>,
    pub series: Option<Entries<RawSeries>>,
}

/// `table:`: a CSV file holding the values, and how to read it. Every column name is optional and has a
/// default (docs/format.md).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table (`file: values.csv`, and how to read it)")]
pub(super) struct RawTable {
    pub file: Option<String>,
    /// A glob of files, read in path order.
    pub files: Option<String>,
    /// `focus`: a FOCUS cost export, whose columns are known.
    pub format: Option<String>,
    /// FOCUS: `billed` or `effective`.
    pub cost: Option<String>,
    /// FOCUS: the series column (or `Tags.<key>`).
    pub by: Option<String>,
    pub date_format: Option<String>,
    pub shape: Option<String>,
    pub period: Option<String>,
    pub series: Option<String>,
    pub value: Option<String>,
    pub status: Option<String>,
    pub note: Option<String>,
    pub sum: Option<String>,
    #[serde(rename = "where")]
    pub filter: Option<Entries<Text>>,
    pub delimiter: Option<String>,
}

/// One item of `sources`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a source (`- title: …`)")]
pub(super) struct RawSource {
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
}

/// One item of `revisions`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a revision (`- date: 2025-06-10`, `note: …`)")]
pub(super) struct RawRevision {
    pub date: Option<String>,
    pub note: Option<String>,
}

/// One series under `series:`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a series (`label: …`, `values: …`)")]
pub(super) struct RawSeries {
    pub label: Option<String>,
    pub status: Option<String>,
    pub values: Option<Entries<RawValue>>,
    /// In a wide table: the column holding this series (default: the key).
    pub column: Option<String>,
    /// In a long table: the text of the series column on this series' rows (default: the key).
    pub rows: Option<String>,
}

/// A YAML map read as a list: keys as written, in file order, duplicates kept.
#[derive(Debug)]
pub(super) struct Entries<T>(pub Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

struct EntriesVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<T> {
    type Value = Entries<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Text>()? {
            entries.push((key.0, map.next_value()?));
        }
        Ok(Entries(entries))
    }
}

/// A scalar's text exactly as written: `61.90` stays `61.90`, `2023-07` stays a string.
#[derive(Debug)]
pub(super) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor).map(Text)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a single value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
}

/// A value of `values`: a bare scalar or a `{ value, status, note }` map.
#[derive(Debug)]
pub(super) enum RawValue {
    Bare(Scalar),
    Detailed(RawDetail),
}

/// A bare value as serde_yaml saw it.
#[derive(Debug, PartialEq)]
pub(super) enum Scalar {
    /// A quoted scalar, or a plain one that is not a YAML number (`n/a`, `12,5`): its exact text.
    Text(String),
    /// A plain YAML number; its exact text must be read from the source.
    Number,
    Bool(bool),
    /// Empty or `~`.
    Null,
}

/// The map form of a value.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a map like `{ value: 12.5, status: reported }`")]
pub(super) struct RawDetail {
    pub value: Option<Text>,
    pub status: Option<String>,
    pub note: Option<String>,
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a map like `{ value: 12.5, status: reported }`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Bare(Scalar::Text(v.to_owned())))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawValue, E> {
        Ok(RawValue::Bare(Scalar::Number))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawValue, E> {
        Ok(RawValue::Bare(Scalar::Number))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawValue, E> {
        Ok(RawValue::Bare(Scalar::Number))
    }

    // serde_yaml hands integers beyond 64 bits over as 128-bit ones; the exact text comes from the source.
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<RawValue, E> {
        Ok(RawValue::Bare(Scalar::Number))
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<RawValue, E> {
        Ok(RawValue::Bare(Scalar::Number))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bare(Scalar::Bool(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Bare(Scalar::Null))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawValue, A::Error> {
        RawDetail::deserialize(MapAccessDeserializer::new(map)).map(RawValue::Detailed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(yaml: &str) -> Vec<(String, RawValue)> {
        crate::yaml::Document::whole(std::path::Path::new("t.yaml"), yaml).parse::<Entries<RawValue>>().unwrap().0
    }

    #[test]
    fn plain_numbers_in_a_map_keep_their_text() {
        let got = values("a: { value: 61.90 }\nb: { value: 12345678901234567.89 }\nc: { value: \"55.20\" }\n");
        let texts: Vec<String> = got
            .into_iter()
            .map(|(_, v)| match v {
                RawValue::Detailed(d) => d.value.unwrap().0,
                RawValue::Bare(s) => panic!("{s:?}"),
            })
            .collect();
        assert_eq!(texts, ["61.90", "12345678901234567.89", "55.20"]);
    }

    #[test]
    fn bare_values_are_classified() {
        let got: Vec<(String, RawValue)> = values("x: 61.90\nx: \"55.20\"\ny: n/a\nz: true\nw: ~\n");
        let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["x", "x", "y", "z", "w"]);
        let kinds: Vec<&Scalar> = got
            .iter()
            .map(|(_, v)| match v {
                RawValue::Bare(s) => s,
                RawValue::Detailed(_) => panic!(),
            })
            .collect();
        let want = [Scalar::Number, Scalar::Text("55.20".into()), Scalar::Text("n/a".into()), Scalar::Bool(true)];
        assert_eq!(kinds[..4], want.iter().collect::<Vec<_>>()[..]);
        assert_eq!(kinds[4], &Scalar::Null);
    }

    #[test]
    fn keys_keep_their_text() {
        let got = values("2023-07: 1\n2023-Q1: 2\n202307: 3\n2023-12-01: 4\n");
        let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["2023-07", "2023-Q1", "202307", "2023-12-01"]);
    }
}
