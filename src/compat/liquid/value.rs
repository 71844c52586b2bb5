//! Liquid's view of JSON values: truth, text, comparison, numbers.

use serde_json::{Number, Value};
use std::cmp::Ordering;

/// Only `false` and `nil` are false.
pub(super) fn truthy(value: &Value) -> bool {
    !matches!(value, Value::Null | Value::Bool(false))
}

/// The text a value prints as.
pub(super) fn to_text(value: &Value) -> String {
    let mut out = String::new();
    write_text(value, &mut out);
    out
}

fn write_text(value: &Value, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => items.iter().for_each(|item| write_text(item, out)),
        Value::Object(_) => out.push_str(&value.to_string()),
    }
}

/// Integers as integers, floats as Ruby prints them (`2.0`, `0.5`).
pub(super) fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

/// A value as a number, if it is one or a string holding one.
pub(super) fn to_number(value: &Value) -> Option<Num> {
    match value {
        Value::Number(n) => Some(match n.as_i64() {
            Some(i) => Num::Int(i),
            None => Num::Float(n.as_f64()?),
        }),
        Value::String(s) => {
            let s = s.trim();
            if let Ok(i) = s.parse::<i64>() {
                Some(Num::Int(i))
            } else {
                s.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(Num::Float)
            }
        }
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }

    pub fn value(self) -> Value {
        match self {
            Num::Int(i) => Value::from(i),
            Num::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        }
    }
}

/// Whether a value is "empty" (`== empty`).
pub(super) fn is_empty(value: &Value) -> bool {
    match value {
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => false,
        _ => false,
    }
}

/// `==`: numbers compare by value (`1 == 1.0`).
pub(super) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => {
            to_number(a).map(Num::as_f64) == to_number(b).map(Num::as_f64)
        }
        _ => a == b,
    }
}

/// `<`, `>`…: numbers with numbers, strings with strings; anything else
/// does not compare.
pub(super) fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => {
            to_number(a)?.as_f64().partial_cmp(&to_number(b)?.as_f64())
        }
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// `contains`: substring, array member or hash key.
pub(super) fn contains(haystack: &Value, needle: &Value) -> bool {
    match haystack {
        Value::String(s) => s.contains(to_text(needle).as_str()),
        Value::Array(items) => items.iter().any(|item| equal(item, needle)),
        Value::Object(map) => map.contains_key(to_text(needle).as_str()),
        _ => false,
    }
}

/// The order `sort` uses: nil last, numbers, then strings.
pub(super) fn sort_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        _ => compare(a, b).unwrap_or_else(|| to_text(a).cmp(&to_text(b))),
    }
}

/// A rough size, to keep hostile filter chains bounded.
pub(super) fn weight(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len(),
        Value::Array(items) => items.len() * 8 + items.iter().map(weight).sum::<usize>(),
        Value::Object(map) => map.len() * 8 + map.values().map(weight).sum::<usize>(),
        _ => 8,
    }
}
