//! The document budget: every GraphQL document is measured before anything
//! expands it, so no shape of fragments, aliases or nesting can make parsing,
//! validation or execution cost more than a bounded amount of time and memory.
//!
//! The size of a document is the number of selections it stands for once every
//! fragment spread is replaced by its fragment: a fragment spread ten times
//! counts ten times. Fragments are measured once each and remembered, so the
//! measure itself takes time proportional to the document's length.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Pos, ServerError, ServerResult, Variables};
use bangui_core::Actor;

use super::error::ErrorCode;

/// Most aliased fields in one document, fragments expanded.
pub const MAX_ALIASES: u64 = 30;
/// Deepest chain of fragments spreading fragments.
pub const MAX_FRAGMENT_NESTING: usize = 32;

/// What a document may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Longest document text, in bytes.
    pub bytes: usize,
    /// Most selections, every fragment spread expanded.
    pub selections: u64,
}

/// The budget of a request without a credential: sign-in, setup and health.
pub const ANONYMOUS: Budget = Budget {
    bytes: 8 * 1024,
    selections: 200,
};

/// The budget of a signed-in request; the standard introspection query, the
/// dashboard's own documents and any page of the API fit well within it.
pub const SIGNED_IN: Budget = Budget {
    bytes: 64 * 1024,
    selections: 2_000,
};

/// Installs the document budget.
pub struct DocumentBudget;

impl ExtensionFactory for DocumentBudget {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DocumentBudgetExtension)
    }
}

struct DocumentBudgetExtension;

#[async_trait::async_trait]
impl Extension for DocumentBudgetExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let budget = budget(ctx.data_opt::<Actor>().is_some());
        check_length(query, budget)?;
        // Measured on a parse of its own: the parse behind `next` runs
        // checks of async-graphql that expand fragments without a bound.
        let doc = async_graphql::parser::parse_query(query).map_err(syntax_error)?;
        check(&doc, budget)?;
        check_variables(&doc, variables)?;
        next.run(ctx, query, variables).await
    }
}

/// Parses and measures a request's document once, ahead of execution by the
/// schema without extensions, and hands it the parsed document.
pub fn measure(request: &mut async_graphql::Request, budget: Budget) -> ServerResult<()> {
    check_length(&request.query, budget)?;
    let doc = async_graphql::parser::parse_query(&request.query).map_err(syntax_error)?;
    check(&doc, budget)?;
    check_variables(&doc, &request.variables)?;
    request.set_parsed_query(doc);
    Ok(())
}

/// The budget of a request, by whether it carries a valid credential.
pub fn budget(signed_in: bool) -> Budget {
    if signed_in { SIGNED_IN } else { ANONYMOUS }
}

/// Refuses a document text longer than the budget allows, before it is parsed.
pub fn check_length(query: &str, budget: Budget) -> ServerResult<()> {
    if query.len() <= budget.bytes {
        return Ok(());
    }
    Err(refusal(
        format!(
            "the document is {} bytes long; at most {} are accepted{}",
            query.len(),
            budget.bytes,
            signed_in_hint(budget)
        ),
        None,
    ))
}

fn signed_in_hint(budget: Budget) -> &'static str {
    if budget == ANONYMOUS {
        " without signing in"
    } else {
        ""
    }
}

fn refusal(message: String, pos: Option<Pos>) -> ServerError {
    ServerError::new(message, pos).with_code(ErrorCode::GraphqlValidationFailed)
}

/// Setting an error's code.
trait WithCode {
    fn with_code(self, code: ErrorCode) -> Self;
}

impl WithCode for ServerError {
    fn with_code(mut self, code: ErrorCode) -> Self {
        self.extensions
            .get_or_insert_with(Default::default)
            .set("code", code.as_str());
        self
    }
}

/// A parse failure as one sentence with its place, instead of the parser's
/// drawing of the line.
fn syntax_error(e: async_graphql::parser::Error) -> ServerError {
    let pos = e.positions().next();
    let text = e.to_string();
    let expected = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("the document is not valid GraphQL");
    let message = match pos {
        Some(p) => format!(
            "syntax error at line {}, column {}: {expected}",
            p.line, p.column
        ),
        None => format!("syntax error: {expected}"),
    };
    refusal(message, pos).with_code(ErrorCode::GraphqlValidationFailed)
}

/// Refuses a value missing or null for a required variable of the document's
/// operation (when it has one), before anything runs.
fn check_variables(doc: &ExecutableDocument, variables: &Variables) -> ServerResult<()> {
    use async_graphql::parser::types::DocumentOperations;
    let DocumentOperations::Single(op) = &doc.operations else {
        return Ok(());
    };
    for def in &op.node.variable_definitions {
        let def = &def.node;
        if def.var_type.node.nullable || def.default_value.is_some() {
            continue;
        }
        let name = &def.name.node;
        let problem = match variables.get(name) {
            None => format!("the variable ${name} has no value: send it in \"variables\""),
            Some(async_graphql::Value::Null) => format!(
                "the variable ${name} is {} and cannot be null",
                def.var_type.node
            ),
            Some(_) => continue,
        };
        return Err(refusal(problem, Some(def.name.pos)).with_code(ErrorCode::BadUserInput));
    }
    Ok(())
}

/// Refuses a document over `budget`, or one whose fragments spread each other
/// in a cycle or deeper than [`MAX_FRAGMENT_NESTING`].
pub fn check(doc: &ExecutableDocument, budget: Budget) -> ServerResult<()> {
    let mut measure = Measure {
        doc,
        known: HashMap::new(),
        open: Vec::new(),
    };
    let mut total = Cost::default();
    for (_, op) in doc.operations.iter() {
        total = total.add(measure.set(&op.node.selection_set.node)?);
    }
    if total.selections > budget.selections {
        return Err(refusal(
            format!(
                "the document selects {} fields with its fragments expanded; at most {} are accepted{}",
                total.selections,
                budget.selections,
                signed_in_hint(budget)
            ),
            None,
        ));
    }
    if total.aliases > MAX_ALIASES {
        return Err(refusal(
            format!("too many aliases: at most {MAX_ALIASES} per request"),
            None,
        ));
    }
    Ok(())
}

/// Selections and aliases a selection set stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Cost {
    selections: u64,
    aliases: u64,
}

impl Cost {
    fn add(self, other: Cost) -> Cost {
        Cost {
            selections: self.selections.saturating_add(other.selections),
            aliases: self.aliases.saturating_add(other.aliases),
        }
    }
}

struct Measure<'d> {
    doc: &'d ExecutableDocument,
    /// Fragments already measured.
    known: HashMap<&'d Name, Cost>,
    /// Fragments being measured, innermost last.
    open: Vec<&'d Name>,
}

impl<'d> Measure<'d> {
    fn set(&mut self, set: &'d SelectionSet) -> ServerResult<Cost> {
        let mut cost = Cost::default();
        for selection in &set.items {
            let part = match &selection.node {
                Selection::Field(field) => {
                    let own = Cost {
                        selections: 1,
                        aliases: u64::from(field.node.alias.is_some()),
                    };
                    own.add(self.set(&field.node.selection_set.node)?)
                }
                Selection::InlineFragment(fragment) => {
                    self.set(&fragment.node.selection_set.node)?
                }
                Selection::FragmentSpread(spread) => {
                    self.fragment(&spread.node.fragment_name.node, spread.pos)?
                }
            };
            cost = cost.add(part);
        }
        Ok(cost)
    }

    fn fragment(&mut self, name: &'d Name, pos: Pos) -> ServerResult<Cost> {
        if let Some(cost) = self.known.get(name) {
            return Ok(*cost);
        }
        // An unknown fragment is left to validation, which names it.
        let Some(fragment) = self.doc.fragments.get(name) else {
            return Ok(Cost::default());
        };
        if self.open.contains(&name) {
            return Err(refusal(
                format!("fragment {name} spreads itself"),
                Some(pos),
            ));
        }
        if self.open.len() >= MAX_FRAGMENT_NESTING {
            return Err(refusal(
                format!("fragments spread fragments more than {MAX_FRAGMENT_NESTING} deep"),
                Some(pos),
            ));
        }
        self.open.push(name);
        let cost = self.set(&fragment.node.selection_set.node);
        self.open.pop();
        let cost = cost?;
        self.known.insert(name, cost);
        Ok(cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(query: &str) -> ServerResult<()> {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        check(&doc, SIGNED_IN)
    }

    /// Fragments that each spread the next `fan` times, `levels` deep.
    fn bomb(levels: usize, fan: usize) -> String {
        let mut doc = String::from("{ ...F0 }");
        for level in 0..levels {
            let spreads = vec![format!("...F{}", level + 1); fan].join(" ");
            doc.push_str(&format!(" fragment F{level} on Query {{ {spreads} }}"));
        }
        doc.push_str(&format!(" fragment F{levels} on Query {{ __typename }}"));
        doc
    }

    #[test]
    fn spreads_count_with_their_multiplicity() {
        assert_eq!(
            measure(&bomb(8, 10)).unwrap_err().message,
            "the document selects 100000000 fields with its fragments expanded; at most 2000 are accepted"
        );
        assert_eq!(
            measure(&bomb(4, 7)).unwrap_err().message,
            "the document selects 2401 fields with its fragments expanded; at most 2000 are accepted"
        );
        assert!(measure(&bomb(3, 10)).is_ok());
        let doc = async_graphql::parser::parse_query(bomb(3, 10)).unwrap();
        assert_eq!(
            check(&doc, ANONYMOUS).unwrap_err().message,
            "the document selects 1000 fields with its fragments expanded; at most 200 are accepted without signing in"
        );
    }

    #[test]
    fn aliases_count_through_fragments() {
        let aliases: Vec<String> = (0..7).map(|i| format!("a{i}: __typename")).collect();
        let query = format!(
            "{{ ...A ...A ...A ...A ...A }} fragment A on Query {{ {} }}",
            aliases.join(" ")
        );
        assert_eq!(
            measure(&query).unwrap_err().message,
            "too many aliases: at most 30 per request"
        );
        let query = query.replace("...A ...A ...A ...A ...A", "...A ...A ...A ...A");
        assert!(measure(&query).is_ok());
    }

    #[test]
    fn cycles_and_long_chains_are_refused_without_recursing_forever() {
        let err = measure("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
            .unwrap_err();
        assert_eq!(err.message, "fragment A spreads itself");
        let mut chain = String::from("{ ...F0 }");
        for i in 0..40 {
            chain.push_str(&format!(" fragment F{i} on Query {{ ...F{} }}", i + 1));
        }
        chain.push_str(" fragment F40 on Query { __typename }");
        assert_eq!(
            measure(&chain).unwrap_err().message,
            "fragments spread fragments more than 32 deep"
        );
    }

    #[test]
    fn the_standard_introspection_query_fits() {
        let doc = async_graphql::parser::parse_query(include_str!(
            "../../tests/it/introspection.graphql"
        ))
        .unwrap();
        assert!(check(&doc, SIGNED_IN).is_ok());
    }
}
