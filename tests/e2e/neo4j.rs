//! The Neo4j import files (`export --format neo4j`) against the header grammar of
//! `neo4j-admin database import` (Neo4j operations manual, "Import: CSV header format"): each
//! header entry is `name:type` with an optional `[]` for arrays and `(ID space)` for the id
//! fields; node files have one `:ID` and may have `:LABEL`; relationship files have
//! `:START_ID`, `:END_ID` and `:TYPE` and no `:ID` or `:LABEL`. Every row is read back as the
//! import tool reads it (`--array-delimiter=U+001F`, `"` quoting, fields on several lines
//! allowed): ids unique in their space, relationships between existing nodes, typed values
//! that parse. The `LOAD CSV` script reads only columns the files have.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::util::{diplograph, root, test_data};

/// The array delimiter the documented commands give (`--array-delimiter=U+001F`).
const ARRAY: char = '\u{1F}';

/// The property types of the import tool; each may be an array (`int[]`).
const PROPERTY_TYPES: &[&str] = &[
    "int",
    "long",
    "float",
    "double",
    "boolean",
    "byte",
    "short",
    "char",
    "string",
    "point",
    "date",
    "localtime",
    "time",
    "localdatetime",
    "datetime",
    "duration",
];

/// A header entry, as the grammar reads it.
#[derive(Debug, PartialEq)]
enum Field {
    /// `name:ID(space)`: the node's id (stored as property `name` when there is one).
    Id { space: String },
    /// `:START_ID(space)` and `:END_ID(space)`.
    End { start: bool, space: String },
    /// `:TYPE`.
    Type,
    /// `:LABEL`.
    Label,
    /// `:IGNORE`.
    Ignore,
    /// `name` or `name:type` or `name:type[]`.
    Property { name: String, ty: String, array: bool },
}

/// Reads one header entry: `[name][:type[[]][(space)]]`.
fn field(entry: &str) -> Result<Field, String> {
    let (name, spec) = match entry.find(':') {
        Some(i) => (&entry[..i], Some(&entry[i + 1..])),
        None => (entry, None),
    };
    let Some(spec) = spec else {
        if name.is_empty() {
            return Err("an empty header entry".into());
        }
        return Ok(Field::Property { name: name.into(), ty: "string".into(), array: false });
    };
    let (ty, space) = match spec.find('(') {
        Some(i) if spec.ends_with(')') && i + 2 < spec.len() => (&spec[..i], Some(&spec[i + 1..spec.len() - 1])),
        Some(_) => return Err(format!("{entry:?}: an ID space is written (NAME), closed and not empty")),
        None => (spec, None),
    };
    if let Some(space) = space
        && !space.chars().all(|c| c.is_alphanumeric() || c == '_')
    {
        return Err(format!("{entry:?}: ID space {space:?} is not a plain name"));
    }
    let (ty, array) = match ty.strip_suffix("[]") {
        Some(t) => (t, true),
        None => (ty, false),
    };
    match (ty.to_ascii_uppercase().as_str(), array, space) {
        ("ID", false, s) => Ok(Field::Id { space: s.unwrap_or("").into() }),
        ("START_ID", false, s) => {
            if !name.is_empty() {
                return Err(format!("{entry:?}: :START_ID takes no name"));
            }
            Ok(Field::End { start: true, space: s.unwrap_or("").into() })
        }
        ("END_ID", false, s) => {
            if !name.is_empty() {
                return Err(format!("{entry:?}: :END_ID takes no name"));
            }
            Ok(Field::End { start: false, space: s.unwrap_or("").into() })
        }
        ("TYPE", false, None) if name.is_empty() => Ok(Field::Type),
        ("LABEL", false, None) if name.is_empty() => Ok(Field::Label),
        ("IGNORE", false, None) => Ok(Field::Ignore),
        (_, _, None) if PROPERTY_TYPES.contains(&ty) && !name.is_empty() => {
            Ok(Field::Property { name: name.into(), ty: ty.into(), array })
        }
        _ => Err(format!("{entry:?} is not a header entry of the import tool")),
    }
}

/// A value of a property of type `ty` as the import tool parses it (empty: no property).
fn value_parses(ty: &str, v: &str) -> bool {
    v.is_empty()
        || match ty {
            "string" | "char" => true,
            "boolean" => v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"),
            "double" | "float" => v.parse::<f64>().is_ok_and(f64::is_finite),
            "int" | "long" | "short" | "byte" => v.parse::<i64>().is_ok(),
            "date" => v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-',
            _ => true,
        }
}

/// Reads a file of the export: its header as fields, and its rows.
fn read(path: &Path) -> (Vec<Field>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    let mut records = reader.records().map(|r| r.unwrap());
    let header = records.next().expect("a header row");
    let fields: Vec<Field> =
        header.iter().map(|e| field(e).unwrap_or_else(|why| panic!("{}: {why}", path.display()))).collect();
    let names: Vec<&str> = header.iter().map(|e| e.split(':').next().unwrap()).filter(|n| !n.is_empty()).collect();
    let distinct: BTreeSet<&&str> = names.iter().collect();
    assert_eq!(distinct.len(), names.len(), "{}: a property named twice", path.display());
    let rows: Vec<Vec<String>> = records.map(|r| r.iter().map(str::to_owned).collect()).collect();
    for row in &rows {
        assert_eq!(row.len(), fields.len(), "{}: {row:?}", path.display());
        for (f, v) in fields.iter().zip(row) {
            if let Field::Property { ty, array, name } = f {
                let items: Vec<&str> = if *array { v.split(ARRAY).collect() } else { vec![v] };
                assert!(items.iter().all(|i| value_parses(ty, i)), "{}: {name} = {v:?}", path.display());
            }
        }
    }
    (fields, rows)
}

/// The export of `data`, read with the grammar and the checks of the import tool.
fn check(data: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let out = diplograph()
        .arg("--data")
        .arg(data)
        .args(["export", "--format", "neo4j", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for nodes in ["actors.csv", "sources.csv"] {
        let (fields, rows) = read(&dir.path().join(nodes));
        let id_columns: Vec<usize> = (0..fields.len()).filter(|&i| matches!(fields[i], Field::Id { .. })).collect();
        assert_eq!(id_columns.len(), 1, "{nodes}: a node file has one :ID");
        assert!(!fields.iter().any(|f| matches!(f, Field::End { .. } | Field::Type)), "{nodes}");
        let Field::Id { space } = &fields[id_columns[0]] else { unreachable!() };
        let label = fields.iter().position(|f| *f == Field::Label);
        for row in &rows {
            let id = &row[id_columns[0]];
            assert!(!id.is_empty(), "{nodes}: an empty id");
            assert!(ids.entry(space.clone()).or_default().insert(id.clone()), "{nodes}: id {id} twice in {space}");
            if let Some(l) = label {
                assert!(
                    row[l].split(ARRAY).all(|l| !l.is_empty() && !l.contains([' ', '`'])),
                    "{nodes}: labels {:?}",
                    row[l]
                );
            }
        }
    }
    let (fields, rows) = read(&dir.path().join("relations.csv"));
    assert!(!fields.iter().any(|f| matches!(f, Field::Id { .. } | Field::Label)), "relations.csv");
    let at = |want: &dyn Fn(&Field) -> bool| fields.iter().position(want).expect("relations.csv: a required field");
    let start = at(&|f| matches!(f, Field::End { start: true, .. }));
    let end = at(&|f| matches!(f, Field::End { start: false, .. }));
    let ty = at(&|f| *f == Field::Type);
    for row in &rows {
        for column in [start, end] {
            let Field::End { space, .. } = &fields[column] else { unreachable!() };
            assert!(ids.get(space).is_some_and(|s| s.contains(&row[column])), "no node {} in {space}", row[column]);
        }
        assert!(!row[ty].is_empty());
    }
    // The LOAD CSV script reads only columns the files have.
    let script = std::fs::read_to_string(dir.path().join("import.cypher")).unwrap();
    let mut headers = BTreeSet::new();
    for file in ["actors.csv", "sources.csv", "relations.csv"] {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        headers.extend(text.lines().next().unwrap().split(',').map(str::to_owned));
    }
    for read in script.split("row.`").skip(1) {
        let column = &read[..read.find('`').unwrap()];
        assert!(headers.contains(column), "import.cypher reads a column {column:?} no file has");
    }
}

#[test]
fn the_header_grammar_reads_what_the_import_tool_reads() {
    assert_eq!(field("id:ID(Actor)"), Ok(Field::Id { space: "Actor".into() }));
    assert_eq!(field(":START_ID(Actor)"), Ok(Field::End { start: true, space: "Actor".into() }));
    assert_eq!(
        field("aliases:string[]"),
        Ok(Field::Property { name: "aliases".into(), ty: "string".into(), array: true })
    );
    assert_eq!(field("name"), Ok(Field::Property { name: "name".into(), ty: "string".into(), array: false }));
    for wrong in ["", "name:text", ":TYPE(Actor)", "x:START_ID", "id:ID(Actor", "a:int(Actor)", "x:LABEL", ":ID(a b)"] {
        assert!(field(wrong).is_err(), "{wrong:?} read as {:?}", field(wrong));
    }
}

/// The documented commands give the import tool the array delimiter the files use, and let a
/// quoted field run over several lines (a note may).
#[test]
fn the_documented_import_commands_match_the_files() {
    let doc = std::fs::read_to_string(root().join("docs/interop.md")).unwrap();
    let commands: Vec<&str> = doc.split("neo4j-admin database import").skip(1).collect();
    assert!(commands.len() >= 2);
    for c in commands {
        let command = &c[..c.find("\n\n").unwrap_or(c.len())];
        assert!(command.contains("--array-delimiter=U+001F"), "{command}");
        assert!(command.contains("--multiline-fields=true"), "{command}");
    }
}

#[test]
fn neo4j_files_follow_the_import_tools_header_grammar() {
    check(&root().join("data"));
    check(&test_data().join("adversarial"));
}
