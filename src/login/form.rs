//! Reading login and consent pages: the forms on a page, which one is the login form and which
//! the consent form, and the request a browser would send when a button is pressed.
//!
//! Pure functions over HTML text, so every heuristic is unit-tested on canned pages. The parsed
//! document is dropped before this module returns (scraper's tree is not `Send`).

use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::Decision;
use crate::client::form_urlencode;
use crate::config::{Button, ConsentSettings, LoginSettings, UserSettings};

/// The parts of a page the driver can act on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub forms: Vec<Form>,
    /// `<a href>` links with their text, for deny links such as oidc-provider's "Cancel".
    pub links: Vec<Link>,
    /// `<base href>`, if the page sets one.
    pub base: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    /// The `action` attribute as written; `None` or empty means the page's own URL.
    pub action: Option<String>,
    /// `GET` or `POST`.
    pub method: String,
    /// The controls a browser would submit, in document order, with their current values:
    /// unchecked checkboxes and radios, disabled controls and file inputs are left out.
    pub fields: Vec<Field>,
    /// Submit buttons (`<button>` without a type or with `type=submit`, `<input type=submit>`,
    /// `<input type=image>`).
    pub buttons: Vec<SubmitButton>,
    /// Every named checkbox and radio button, ticked or not: what a person could change before
    /// pressing a button (the scope checkboxes of a consent page, say).
    pub choices: Vec<Choice>,
    /// Matched `login.form`.
    pub selected_as_login: bool,
    /// Matched `consent.form`.
    pub selected_as_consent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
    /// Lowercased input type (`text`, `password`, `hidden`, `checkbox`, …), or `select` /
    /// `textarea`.
    pub kind: String,
}

/// A checkbox or radio button of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub name: String,
    /// What it submits when ticked (`on` when the page gives no value).
    pub value: String,
    /// `checkbox` or `radio`.
    pub kind: String,
    /// Ticked as the page arrives.
    pub checked: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmitButton {
    pub name: Option<String>,
    pub value: String,
    /// Visible text (or `value` / `alt` for inputs).
    pub label: String,
    pub formaction: Option<String>,
    pub formmethod: Option<String>,
}

/// What pressing a button sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub method: String,
    pub url: String,
    /// `application/x-www-form-urlencoded` body for POST.
    pub body: Option<Vec<u8>>,
}

/// Which step of a login a form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginStep {
    /// A password field: the credentials go in here.
    Password,
    /// Only a username field (identifier-first logins: the password comes on the next page).
    Identifier,
}

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// Checks a CSS selector from the config.
pub fn validate_selector(css: &str) -> Result<(), String> {
    Selector::parse(css)
        .map(|_| ())
        .map_err(|e| format!("{css:?} is not a valid CSS selector: {e}"))
}

/// Parses `html`; `login_form` and `consent_form` are the configured selectors.
pub fn parse_page(html: &str, login_form: Option<&str>, consent_form: Option<&str>) -> Page {
    let doc = Html::parse_document(html);
    let Some(form_sel) = selector("form") else {
        return Page::default();
    };
    let login_forms = login_form
        .map(|css| selected_forms(&doc, css))
        .unwrap_or_default();
    let consent_forms = consent_form
        .map(|css| selected_forms(&doc, css))
        .unwrap_or_default();
    let forms = doc
        .select(&form_sel)
        .map(|form| {
            let mut parsed = read_form(form);
            parsed.selected_as_login = login_forms.contains(&form);
            parsed.selected_as_consent = consent_forms.contains(&form);
            parsed
        })
        .collect();
    let links = selector("a[href]")
        .map(|sel| {
            doc.select(&sel)
                .filter_map(|a| {
                    let href = a.value().attr("href")?.trim().to_string();
                    Some(Link {
                        href,
                        text: squash(a.text()),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let base = selector("base[href]").and_then(|sel| {
        doc.select(&sel)
            .next()
            .and_then(|b| b.value().attr("href"))
            .map(|h| h.trim().to_string())
    });
    Page { forms, links, base }
}

/// The forms a configured selector designates: a matched form, a form inside a matched element,
/// or the form around it.
fn selected_forms<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let Some(sel) = selector(css) else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    for element in doc.select(&sel) {
        let form = if element.value().name() == "form" {
            Some(element)
        } else {
            element
                .descendent_elements()
                .find(|e| e.value().name() == "form")
                .or_else(|| {
                    element
                        .ancestors()
                        .filter_map(ElementRef::wrap)
                        .find(|e| e.value().name() == "form")
                })
        };
        if let Some(form) = form {
            ids.push(form);
        }
    }
    ids
}

fn squash<'a>(text: impl Iterator<Item = &'a str>) -> String {
    text.collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_form(form: ElementRef<'_>) -> Form {
    let attr = |name: &str| form.value().attr(name);
    let method = match attr("method").map(|m| m.trim().to_ascii_uppercase()) {
        Some(m) if m == "POST" => "POST".to_string(),
        _ => "GET".to_string(),
    };
    let mut fields = Vec::new();
    let mut buttons = Vec::new();
    let mut choices = Vec::new();
    for element in form.descendent_elements() {
        let el = element.value();
        if el.attr("disabled").is_some() {
            continue;
        }
        let name = el
            .attr("name")
            .map(str::to_string)
            .filter(|n| !n.is_empty());
        match el.name() {
            "input" => {
                let kind = el
                    .attr("type")
                    .map(|t| t.trim().to_ascii_lowercase())
                    .unwrap_or_else(|| "text".into());
                let value = el.attr("value").unwrap_or_default().to_string();
                match kind.as_str() {
                    "submit" | "image" => buttons.push(SubmitButton {
                        name,
                        label: if kind == "image" {
                            el.attr("alt").unwrap_or_default().to_string()
                        } else {
                            value.clone()
                        },
                        value,
                        formaction: el.attr("formaction").map(str::to_string),
                        formmethod: el.attr("formmethod").map(str::to_string),
                    }),
                    "button" | "reset" | "file" => {}
                    "checkbox" | "radio" => {
                        if let Some(name) = name {
                            let value = if el.attr("value").is_some() {
                                value
                            } else {
                                "on".into()
                            };
                            let checked = el.attr("checked").is_some();
                            choices.push(Choice {
                                name: name.clone(),
                                value: value.clone(),
                                kind: kind.clone(),
                                checked,
                            });
                            if checked {
                                fields.push(Field { name, value, kind });
                            }
                        }
                    }
                    _ => {
                        if let Some(name) = name {
                            fields.push(Field { name, value, kind });
                        }
                    }
                }
            }
            "button" => {
                let kind = el
                    .attr("type")
                    .map(|t| t.trim().to_ascii_lowercase())
                    .unwrap_or_else(|| "submit".into());
                if kind == "submit" {
                    buttons.push(SubmitButton {
                        name,
                        value: el.attr("value").unwrap_or_default().to_string(),
                        label: squash(element.text()),
                        formaction: el.attr("formaction").map(str::to_string),
                        formmethod: el.attr("formmethod").map(str::to_string),
                    });
                }
            }
            "select" => {
                let Some(name) = name else { continue };
                let options: Vec<ElementRef<'_>> = element
                    .descendent_elements()
                    .filter(|e| {
                        e.value().name() == "option" && e.value().attr("disabled").is_none()
                    })
                    .collect();
                let option_value = |o: &ElementRef<'_>| {
                    o.value()
                        .attr("value")
                        .map(str::to_string)
                        .unwrap_or_else(|| squash(o.text()))
                };
                let selected: Vec<&ElementRef<'_>> = options
                    .iter()
                    .filter(|o| o.value().attr("selected").is_some())
                    .collect();
                if selected.is_empty() {
                    if el.attr("multiple").is_none() {
                        if let Some(first) = options.first() {
                            fields.push(Field {
                                name,
                                value: option_value(first),
                                kind: "select".into(),
                            });
                        }
                    }
                } else {
                    for o in selected {
                        fields.push(Field {
                            name: name.clone(),
                            value: option_value(o),
                            kind: "select".into(),
                        });
                    }
                }
            }
            "textarea" => {
                if let Some(name) = name {
                    fields.push(Field {
                        name,
                        value: element.text().collect(),
                        kind: "textarea".into(),
                    });
                }
            }
            _ => {}
        }
    }
    Form {
        action: attr("action").map(str::to_string),
        method,
        fields,
        buttons,
        choices,
        selected_as_login: false,
        selected_as_consent: false,
    }
}

// ---- login forms -----------------------------------------------------------------------

fn is_text_like(kind: &str) -> bool {
    matches!(kind, "text" | "email" | "tel" | "")
}

fn looks_like_username(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("user")
        || n.contains("login")
        || n.contains("email")
        || n.contains("identifier")
        || n == "loginfmt"
        || n == "uid"
}

fn username_field<'f>(form: &'f Form, login: &LoginSettings) -> Option<&'f str> {
    if let Some(configured) = &login.username_field {
        return form
            .fields
            .iter()
            .find(|f| &f.name == configured)
            .map(|f| f.name.as_str());
    }
    let text_fields = || form.fields.iter().filter(|f| is_text_like(&f.kind));
    text_fields()
        .find(|f| looks_like_username(&f.name))
        .or_else(|| text_fields().next())
        .map(|f| f.name.as_str())
}

fn password_field<'f>(form: &'f Form, login: &LoginSettings) -> Option<&'f str> {
    match &login.password_field {
        Some(configured) => form.fields.iter().find(|f| &f.name == configured),
        None => form.fields.iter().find(|f| f.kind == "password"),
    }
    .map(|f| f.name.as_str())
}

/// The login form of a page and which step it is: the form `login.form` selects, else the
/// first form with a password field, else a form whose only visible input is a username field
/// (identifier-first logins).
pub fn find_login_form(page: &Page, login: &LoginSettings) -> Option<(usize, LoginStep)> {
    let step = |form: &Form| {
        if password_field(form, login).is_some() || form.fields.iter().any(|f| f.kind == "password")
        {
            Some(LoginStep::Password)
        } else {
            let visible: Vec<&Field> = form
                .fields
                .iter()
                .filter(|f| is_text_like(&f.kind))
                .collect();
            let named_like_user = match &login.username_field {
                Some(configured) => visible.iter().any(|f| &f.name == configured),
                None => visible.len() == 1 && visible.iter().all(|f| looks_like_username(&f.name)),
            };
            named_like_user.then_some(LoginStep::Identifier)
        }
    };
    if let Some(i) = page.forms.iter().position(|f| f.selected_as_login) {
        return Some((i, step(&page.forms[i]).unwrap_or(LoginStep::Password)));
    }
    let with_password = page
        .forms
        .iter()
        .position(|f| step(f) == Some(LoginStep::Password));
    if let Some(i) = with_password {
        return Some((i, LoginStep::Password));
    }
    page.forms
        .iter()
        .position(|f| step(f) == Some(LoginStep::Identifier))
        .map(|i| (i, LoginStep::Identifier))
}

/// The request that signs in: every field as the page has it (hidden CSRF tokens included),
/// the username and password filled in, `login.extra_fields` applied, and the submit button.
pub fn fill_login(
    form: &Form,
    step: LoginStep,
    user: &UserSettings,
    login: &LoginSettings,
    page_url: &str,
    base: Option<&str>,
) -> Result<Submission, String> {
    let mut pairs: Vec<(String, String)> = form
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.value.clone()))
        .collect();
    let username = username_field(form, login).map(str::to_string);
    let password = password_field(form, login).map(str::to_string);
    if step == LoginStep::Password && password.is_none() {
        let hint = match &login.password_field {
            Some(name) => format!("it has no field named {name:?}; fix login.password_field"),
            None => "it has no input of type password; set login.password_field".into(),
        };
        return Err(format!(
            "the login form at {page_url} cannot take a password: {hint}"
        ));
    }
    if step == LoginStep::Identifier && username.is_none() {
        return Err(format!(
            "the login form at {page_url} has no username field; set login.username_field"
        ));
    }
    if let Some(name) = &username {
        set_field(&mut pairs, name, &user.username);
    }
    if let Some(name) = &password {
        set_field(&mut pairs, name, &user.password);
    }
    for (name, value) in &login.extra_fields {
        set_field(&mut pairs, name, value);
    }
    let pressed = match &login.submit {
        Some(button) => Some(configured_button(form, button)),
        None => form
            .buttons
            .iter()
            .find(|b| b.name.is_some())
            .or(form.buttons.first())
            .cloned(),
    };
    submission(form, pairs, pressed.as_ref(), page_url, base)
}

fn set_field(pairs: &mut Vec<(String, String)>, name: &str, value: &str) {
    match pairs.iter_mut().find(|(k, _)| k == name) {
        Some(pair) => pair.1 = value.to_string(),
        None => pairs.push((name.to_string(), value.to_string())),
    }
}

/// The configured button: the form's own if it has one with that name (and value), so its
/// `formaction` applies; else a button with just that name and value.
fn configured_button(form: &Form, button: &Button) -> SubmitButton {
    form.buttons
        .iter()
        .find(|b| {
            b.name.as_deref() == Some(button.name.as_str())
                && (button.value.is_empty() || b.value == button.value)
        })
        .cloned()
        .map(|mut b| {
            if !button.value.is_empty() {
                b.value = button.value.clone();
            }
            b
        })
        .unwrap_or_else(|| SubmitButton {
            name: Some(button.name.clone()).filter(|n| !n.is_empty()),
            value: button.value.clone(),
            label: button.value.clone(),
            formaction: None,
            formmethod: None,
        })
}

// ---- consent forms ----------------------------------------------------------------------

const APPROVE_WORDS: &[&str] = &[
    "approve",
    "allow",
    "accept",
    "authorize",
    "authorise",
    "grant",
    "yes",
    "confirm",
    "continue",
    "agree",
    "consent",
    "ok",
];
const DENY_WORDS: &[&str] = &[
    "deny", "reject", "cancel", "decline", "no", "not", "don", "dont", "abort", "refuse",
    "disallow", "disagree",
];

/// What a button or link with this text, value and name most likely does. Deny words win, so
/// "Do not allow" is a deny button.
pub fn decision_of(texts: &[&str]) -> Option<Decision> {
    let words: Vec<String> = texts
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.iter().any(|w| DENY_WORDS.contains(&w.as_str())) {
        Some(Decision::Deny)
    } else if words.iter().any(|w| APPROVE_WORDS.contains(&w.as_str())) {
        Some(Decision::Approve)
    } else {
        None
    }
}

fn button_decision(b: &SubmitButton) -> Option<Decision> {
    decision_of(&[&b.label, &b.value, b.name.as_deref().unwrap_or_default()])
}

fn is_configured(b: &SubmitButton, button: &Button) -> bool {
    b.name.as_deref() == Some(button.name.as_str())
        && (button.value.is_empty() || b.value == button.value)
}

/// The consent form: the one `consent.form` selects, else one holding the configured
/// approve/deny button, else the first form with a button that reads like approve or deny.
pub fn find_consent_form(page: &Page, consent: &ConsentSettings) -> Option<usize> {
    if let Some(i) = page.forms.iter().position(|f| f.selected_as_consent) {
        return Some(i);
    }
    let configured: Vec<&Button> = [consent.approve.as_ref(), consent.deny.as_ref()]
        .into_iter()
        .flatten()
        .collect();
    if let Some(i) = page.forms.iter().position(|f| {
        f.buttons
            .iter()
            .any(|b| configured.iter().any(|c| is_configured(b, c)))
    }) {
        return Some(i);
    }
    page.forms
        .iter()
        .position(|f| f.buttons.iter().any(|b| button_decision(b).is_some()))
}

/// What pressing the decision's button sends, or `None` when the page has no such button.
///
/// The form's scope choices (checkboxes and radio buttons named like `scope…` or valued as one
/// of the requested scopes, `requested_scope`) are set as a person deciding would set them:
/// approving ticks the checkboxes of the requested scopes and picks the approving option of each scope radio
/// group ("true", "yes", "approve"…); denying picks the denying option. For deny, when the form
/// has no deny button, a deny button in another form of the page (separate approve and deny
/// forms), else a link that reads like cancel/deny is used; failing that, a form with
/// scope choices is submitted with every scope withdrawn (what Spring Authorization Server's
/// script-driven Cancel button does).
pub fn press_consent(
    page: &Page,
    form_index: usize,
    decision: Decision,
    consent: &ConsentSettings,
    page_url: &str,
    requested_scope: Option<&str>,
) -> Result<Option<Submission>, String> {
    let Some(form) = page.forms.get(form_index) else {
        return Ok(None);
    };
    let scopes: Vec<&str> = requested_scope
        .map(|s| s.split(' ').filter(|t| !t.is_empty()).collect())
        .unwrap_or_default();
    let pairs = consent_pairs(form, decision, &scopes, false);
    let configured = match decision {
        Decision::Approve => consent.approve.as_ref(),
        Decision::Deny => consent.deny.as_ref(),
    };
    let base = page.base.as_deref();
    if let Some(button) = configured {
        let pressed = configured_button(form, button);
        return submission(form, pairs, Some(&pressed), page_url, base).map(Some);
    }
    if let Some(button) = form
        .buttons
        .iter()
        .find(|b| button_decision(b) == Some(decision))
    {
        return submission(form, pairs, Some(button), page_url, base).map(Some);
    }
    if decision == Decision::Deny {
        // Separate approve and deny forms (Spring Security OAuth's page without scope choices).
        for (i, other) in page.forms.iter().enumerate() {
            if i == form_index {
                continue;
            }
            if let Some(button) = other
                .buttons
                .iter()
                .find(|b| button_decision(b) == Some(Decision::Deny))
            {
                let pairs = other
                    .fields
                    .iter()
                    .map(|f| (f.name.clone(), f.value.clone()))
                    .collect();
                return submission(other, pairs, Some(button), page_url, base).map(Some);
            }
        }
        let link = page
            .links
            .iter()
            .filter(|l| {
                !l.href.starts_with('#') && !l.href.to_ascii_lowercase().starts_with("javascript:")
            })
            .find(|l| decision_of(&[&l.text]) == Some(Decision::Deny));
        if let Some(link) = link {
            let url = resolve(page_url, base, &link.href)?;
            return Ok(Some(Submission {
                method: "GET".into(),
                url,
                body: None,
            }));
        }
        if form.choices.iter().any(|c| is_scope_choice(c, &scopes)) {
            let withdrawn = consent_pairs(form, decision, &scopes, true);
            return submission(form, withdrawn, form.buttons.first(), page_url, base).map(Some);
        }
    }
    Ok(None)
}

/// A checkbox or radio button that grants a scope: named like one, or valued as a requested one.
fn is_scope_choice(choice: &Choice, scopes: &[&str]) -> bool {
    choice.name.to_ascii_lowercase().contains("scope") || scopes.contains(&choice.value.as_str())
}

/// What a radio option stands for: "true"/"yes"/"approve"… or "false"/"no"/"deny"….
fn option_decision(value: &str) -> Option<Decision> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Some(Decision::Approve),
        "false" | "0" => Some(Decision::Deny),
        other => decision_of(&[other]),
    }
}

/// The form's fields with its scope choices set for `decision`. Approving ticks the scope
/// checkboxes of the requested scopes (every one when the request names none); denying leaves them as the page has them (a deny button says it all) unless
/// `withdraw`, which unticks them. Each scope radio group takes the option matching the
/// decision, or keeps its ticked one.
fn consent_pairs(
    form: &Form,
    decision: Decision,
    scopes: &[&str],
    withdraw: bool,
) -> Vec<(String, String)> {
    let scope_choice = |name: &str, value: &str| {
        form.choices
            .iter()
            .any(|c| c.name == name && c.value == value && is_scope_choice(c, scopes))
    };
    let mut pairs: Vec<(String, String)> = form
        .fields
        .iter()
        .filter(|f| {
            !(matches!(f.kind.as_str(), "checkbox" | "radio") && scope_choice(&f.name, &f.value))
        })
        .map(|f| (f.name.clone(), f.value.clone()))
        .collect();
    let mut groups_done: Vec<&str> = Vec::new();
    for c in form.choices.iter().filter(|c| is_scope_choice(c, scopes)) {
        match c.kind.as_str() {
            "checkbox" => {
                let ticked = match decision {
                    Decision::Approve => {
                        c.checked || scopes.is_empty() || scopes.contains(&c.value.as_str())
                    }
                    Decision::Deny => c.checked && !withdraw,
                };
                if ticked {
                    pairs.push((c.name.clone(), c.value.clone()));
                }
            }
            _ => {
                if groups_done.contains(&c.name.as_str()) {
                    continue;
                }
                groups_done.push(&c.name);
                let group: Vec<&Choice> =
                    form.choices.iter().filter(|o| o.name == c.name).collect();
                let picked = group
                    .iter()
                    .find(|o| option_decision(&o.value) == Some(decision))
                    .or_else(|| group.iter().find(|o| o.checked));
                if let Some(o) = picked {
                    pairs.push((o.name.clone(), o.value.clone()));
                }
            }
        }
    }
    pairs
}

// ---- submitting -------------------------------------------------------------------------

/// Resolves `reference` against the page (or its `<base href>`).
pub fn resolve(page_url: &str, base: Option<&str>, reference: &str) -> Result<String, String> {
    let page =
        Url::parse(page_url).map_err(|e| format!("the page URL {page_url} does not parse: {e}"))?;
    let base = match base {
        Some(b) => page.join(b).unwrap_or(page),
        None => page,
    };
    base.join(reference.trim())
        .map(String::from)
        .map_err(|e| format!("{reference:?} on {page_url} is not a usable URL: {e}"))
}

/// The request a browser sends for `form` with `pairs` when `button` is pressed (HTML form
/// submission: the button's name=value is included, its `formaction`/`formmethod` win, GET
/// forms replace the action's query).
pub fn submission(
    form: &Form,
    mut pairs: Vec<(String, String)>,
    button: Option<&SubmitButton>,
    page_url: &str,
    base: Option<&str>,
) -> Result<Submission, String> {
    if let Some(b) = button {
        if let Some(name) = &b.name {
            pairs.push((name.clone(), b.value.clone()));
        }
    }
    let action = button
        .and_then(|b| b.formaction.as_deref())
        .or(form.action.as_deref())
        .unwrap_or_default()
        .trim();
    let url = if action.is_empty() {
        page_url.to_string()
    } else {
        resolve(page_url, base, action)?
    };
    let method = match button.and_then(|b| b.formmethod.as_deref()) {
        Some(m) if m.eq_ignore_ascii_case("post") => "POST".to_string(),
        Some(m) if m.eq_ignore_ascii_case("get") => "GET".to_string(),
        _ => form.method.clone(),
    };
    let encoded = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", form_urlencode(k), form_urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    if method == "POST" {
        Ok(Submission {
            method,
            url,
            body: Some(encoded.into_bytes()),
        })
    } else {
        let without_fragment = url.split('#').next().unwrap_or_default();
        let without_query = without_fragment.split('?').next().unwrap_or_default();
        Ok(Submission {
            method,
            url: format!("{without_query}?{encoded}"),
            body: None,
        })
    }
}

/// Identifies a form across two page loads: where it posts and which fields it has.
pub fn fingerprint(form: &Form, page_url: &str, base: Option<&str>) -> String {
    let action = form.action.as_deref().unwrap_or_default();
    let target = if action.trim().is_empty() {
        page_url.to_string()
    } else {
        resolve(page_url, base, action).unwrap_or_default()
    };
    let mut names: Vec<&str> = form.fields.iter().map(|f| f.name.as_str()).collect();
    names.extend(form.buttons.iter().filter_map(|b| b.name.as_deref()));
    names.sort_unstable();
    format!("{} {target} {}", form.method, names.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGIN_WITH_CSRF: &str = r#"<!DOCTYPE html><html><body>
        <form method="post" action="/login">
          <input type="hidden" name="request_id" value="r1">
          <input type="hidden" name="csrf_token" value="tok&amp;en">
          <label>Username <input type="text" name="username"></label>
          <label>Password <input type="password" name="password"></label>
          <input type="checkbox" name="remember" value="1">
          <input type="checkbox" name="terms" checked>
          <select name="lang"><option value="en">English</option><option value="fr" selected>Français</option></select>
          <input type="text" name="ignored" disabled value="x">
          <button type="submit">Sign in</button>
        </form></body></html>"#;

    // The login page of node oidc-provider's development interactions.
    const OIDC_PROVIDER_LOGIN: &str = r#"<html><body><div class="login-card">
        <h1>Sign-in</h1>
        <form autocomplete="off" action="/interaction/Xy12/login" method="post">
          <input type="hidden" name="prompt" value="login"/>
          <input required type="text" name="login" placeholder="Enter any login" autofocus="on">
          <input required type="password" name="password" placeholder="and password">
          <button type="submit" name="action" value="login" class="login login-submit">Sign-in</button>
        </form>
        <div class="login-help"><a href="/interaction/Xy12/abort">[ Cancel ]</a></div>
      </div></body></html>"#;

    const CONSENT: &str = r#"<html><body>
        <p>The application <strong>conf-client</strong> asks for access.</p>
        <form method="post" action="consent?x=1">
          <input type="hidden" name="request_id" value="r1">
          <input type="checkbox" name="scope" value="read" checked>
          <input type="checkbox" name="scope" value="write">
          <button type="submit" name="decision" value="approve">Approve</button>
          <button type="submit" name="decision" value="deny">Deny</button>
        </form></body></html>"#;

    const OIDC_PROVIDER_CONSENT: &str = r#"<html><body>
        <form autocomplete="off" action="/interaction/Xy12/confirm" method="post">
          <button autofocus type="submit" class="login login-submit">Continue</button>
        </form>
        <div class="login-help"><a href="/interaction/Xy12/abort">[ Cancel ]</a></div>
      </body></html>"#;

    const ERROR_PAGE: &str = r#"<html><body><h1>Authorization request refused</h1>
        <p class="error">unknown client</p><a href="/">Home</a></body></html>"#;

    fn user() -> UserSettings {
        UserSettings {
            username: "alice".into(),
            password: "p@ss word".into(),
        }
    }

    fn body(s: &Submission) -> String {
        String::from_utf8_lossy(s.body.as_deref().unwrap_or_default()).into_owned()
    }

    #[test]
    fn login_form_keeps_hidden_fields_and_fills_credentials() {
        let page = parse_page(LOGIN_WITH_CSRF, None, None);
        let login = LoginSettings::default();
        assert_eq!(
            find_login_form(&page, &login),
            Some((0, LoginStep::Password))
        );
        assert_eq!(find_consent_form(&page, &ConsentSettings::default()), None);
        let s = fill_login(
            &page.forms[0],
            LoginStep::Password,
            &user(),
            &login,
            "http://as.test/login?request_id=r1",
            None,
        )
        .expect("fillable");
        assert_eq!(s.method, "POST");
        assert_eq!(s.url, "http://as.test/login");
        assert_eq!(body(&s), "request_id=r1&csrf_token=tok%26en&username=alice&password=p%40ss+word&terms=on&lang=fr");
    }

    #[test]
    fn oidc_provider_login_form_sends_its_named_button() {
        let page = parse_page(OIDC_PROVIDER_LOGIN, None, None);
        let login = LoginSettings::default();
        let (i, step) = find_login_form(&page, &login).expect("a login form");
        let s = fill_login(
            &page.forms[i],
            step,
            &user(),
            &login,
            "http://op.test/interaction/Xy12",
            None,
        )
        .expect("fillable");
        assert_eq!(s.url, "http://op.test/interaction/Xy12/login");
        assert_eq!(
            body(&s),
            "prompt=login&login=alice&password=p%40ss+word&action=login"
        );
    }

    #[test]
    fn configured_fields_and_extra_fields_are_used() {
        let page = parse_page(LOGIN_WITH_CSRF, Some("form[action='/login']"), None);
        assert!(page.forms[0].selected_as_login);
        let mut extra = std::collections::BTreeMap::new();
        extra.insert("otp".to_string(), "123456".to_string());
        extra.insert("lang".to_string(), "de".to_string());
        let login = LoginSettings {
            username_field: Some("request_id".into()),
            submit: Some(Button {
                name: "go".into(),
                value: "1".into(),
            }),
            extra_fields: extra,
            ..LoginSettings::default()
        };
        let s = fill_login(
            &page.forms[0],
            LoginStep::Password,
            &user(),
            &login,
            "http://as.test/",
            None,
        )
        .expect("fillable");
        assert_eq!(body(&s), "request_id=alice&csrf_token=tok%26en&username=&password=p%40ss+word&terms=on&lang=de&otp=123456&go=1");
    }

    #[test]
    fn identifier_first_pages_are_login_pages() {
        let html = r#"<form method="post"><input type="email" name="identifier"><button>Next</button></form>"#;
        let page = parse_page(html, None, None);
        assert_eq!(
            find_login_form(&page, &LoginSettings::default()),
            Some((0, LoginStep::Identifier))
        );
        let s = fill_login(
            &page.forms[0],
            LoginStep::Identifier,
            &user(),
            &LoginSettings::default(),
            "http://as.test/id",
            None,
        )
        .expect("fillable");
        assert_eq!(
            (s.url.as_str(), body(&s).as_str()),
            ("http://as.test/id", "identifier=alice")
        );
    }

    #[test]
    fn consent_form_presses_approve_or_deny_and_keeps_scope_checkboxes() {
        let page = parse_page(CONSENT, None, None);
        let consent = ConsentSettings::default();
        assert_eq!(find_login_form(&page, &LoginSettings::default()), None);
        assert_eq!(find_consent_form(&page, &consent), Some(0));
        let url = "http://as.test/app/consent?request_id=r1";
        let approve = press_consent(&page, 0, Decision::Approve, &consent, url, Some("read"))
            .expect("ok")
            .expect("a button");
        assert_eq!(approve.url, "http://as.test/app/consent?x=1");
        assert_eq!(body(&approve), "request_id=r1&scope=read&decision=approve");
        let deny = press_consent(&page, 0, Decision::Deny, &consent, url, None)
            .expect("ok")
            .expect("a button");
        assert_eq!(body(&deny), "request_id=r1&scope=read&decision=deny");
    }

    #[test]
    fn configured_consent_buttons_win() {
        let page = parse_page(CONSENT, None, Some("form"));
        let consent = ConsentSettings {
            form: Some("form".into()),
            approve: Some(Button {
                name: "decision".into(),
                value: "approve".into(),
            }),
            deny: Some(Button {
                name: "nope".into(),
                value: "1".into(),
            }),
        };
        assert_eq!(find_consent_form(&page, &consent), Some(0));
        let deny = press_consent(&page, 0, Decision::Deny, &consent, "http://as.test/", None)
            .expect("ok")
            .expect("a button");
        assert_eq!(body(&deny), "request_id=r1&scope=read&nope=1");
    }

    #[test]
    fn oidc_provider_consent_approves_with_the_form_and_denies_with_the_cancel_link() {
        let page = parse_page(OIDC_PROVIDER_CONSENT, None, None);
        let consent = ConsentSettings::default();
        assert_eq!(find_consent_form(&page, &consent), Some(0));
        let url = "http://op.test/interaction/Xy12";
        let approve = press_consent(&page, 0, Decision::Approve, &consent, url, None)
            .expect("ok")
            .expect("a button");
        assert_eq!(
            (
                approve.method.as_str(),
                approve.url.as_str(),
                body(&approve).as_str()
            ),
            ("POST", "http://op.test/interaction/Xy12/confirm", "")
        );
        let deny = press_consent(&page, 0, Decision::Deny, &consent, url, None)
            .expect("ok")
            .expect("a link");
        assert_eq!(
            (deny.method.as_str(), deny.url.as_str()),
            ("GET", "http://op.test/interaction/Xy12/abort")
        );
    }

    /// Spring Authorization Server 2's consent page, as recorded from the server in
    /// reports/spring-authorization-server: unticked scope checkboxes, a "Submit Consent"
    /// button, and a Cancel button of type=button whose script resets the form and submits it.
    const SPRING_AS_CONSENT: &str =
        include_str!("testdata/spring-authorization-server-consent.html");

    #[test]
    fn spring_consent_approves_by_ticking_the_scopes_and_denies_by_withdrawing_them() {
        let page = parse_page(SPRING_AS_CONSENT, None, None);
        let consent = ConsentSettings::default();
        assert_eq!(find_login_form(&page, &LoginSettings::default()), None);
        assert_eq!(find_consent_form(&page, &consent), Some(0));
        let url = "http://127.0.0.1:9403/oauth2/authorize?response_type=code&scope=read%20write";
        let approve = press_consent(
            &page,
            0,
            Decision::Approve,
            &consent,
            url,
            Some("read write"),
        )
        .expect("ok")
        .expect("a button");
        assert_eq!(
            (approve.method.as_str(), approve.url.as_str()),
            ("POST", "http://127.0.0.1:9403/oauth2/authorize")
        );
        assert_eq!(
            body(&approve),
            "client_id=conf-client&state=Zq1-recorded-consent-state%3D&scope=read&scope=write"
        );
        let deny = press_consent(&page, 0, Decision::Deny, &consent, url, Some("read write"))
            .expect("ok")
            .expect("the form, with every scope withdrawn");
        assert_eq!(
            body(&deny),
            "client_id=conf-client&state=Zq1-recorded-consent-state%3D"
        );
    }

    /// The approval page of the legacy Spring Security OAuth 2.x provider: a radio pair per
    /// scope (true/false, "false" ticked) and a single Authorize button.
    const LEGACY_SPRING_APPROVAL: &str = r#"<html><body><h1>OAuth Approval</h1>
        <form id="confirmationForm" name="confirmationForm" action="/oauth/authorize" method="post">
          <input name="user_oauth_approval" value="true" type="hidden"/>
          <ul><li><div class="form-group">scope.read:
            <input type="radio" name="scope.read" value="true">Approve</input>
            <input type="radio" name="scope.read" value="false" checked>Deny</input></div></li></ul>
          <input type="hidden" name="remember" value="no"/>
          <label><input name="authorize" value="Authorize" type="submit"/></label>
        </form></body></html>"#;

    #[test]
    fn radio_scope_choices_follow_the_decision() {
        let page = parse_page(LEGACY_SPRING_APPROVAL, None, None);
        let consent = ConsentSettings::default();
        assert_eq!(find_consent_form(&page, &consent), Some(0));
        let url = "http://127.0.0.1:9408/oauth/authorize";
        let approve = press_consent(&page, 0, Decision::Approve, &consent, url, Some("read"))
            .expect("ok")
            .expect("a button");
        assert_eq!(
            body(&approve),
            "user_oauth_approval=true&remember=no&scope.read=true&authorize=Authorize"
        );
        let deny = press_consent(&page, 0, Decision::Deny, &consent, url, Some("read"))
            .expect("ok")
            .expect("the form, with the scope denied");
        assert_eq!(
            body(&deny),
            "user_oauth_approval=true&remember=no&scope.read=false&authorize=Authorize"
        );
    }

    /// Spring Security OAuth 2.x's page without scope choices: an approve form and a deny form.
    #[test]
    fn a_deny_button_in_a_separate_form_is_used() {
        let page = parse_page(
            r#"<html><body><form id="confirmationForm" action="/oauth/authorize" method="post">
               <input name="user_oauth_approval" value="true" type="hidden"/>
               <label><input name="authorize" value="Authorize" type="submit"/></label></form>
               <form id="denialForm" action="/oauth/authorize" method="post">
               <input name="user_oauth_approval" value="false" type="hidden"/>
               <label><input name="deny" value="Deny" type="submit"/></label></form></body></html>"#,
            None,
            None,
        );
        let consent = ConsentSettings::default();
        let index = find_consent_form(&page, &consent).expect("a consent form");
        let url = "http://127.0.0.1:9408/oauth/authorize";
        let approve = press_consent(&page, index, Decision::Approve, &consent, url, None)
            .expect("ok")
            .expect("a button");
        assert_eq!(
            body(&approve),
            "user_oauth_approval=true&authorize=Authorize"
        );
        let deny = press_consent(&page, index, Decision::Deny, &consent, url, None)
            .expect("ok")
            .expect("the other form's button");
        assert_eq!(body(&deny), "user_oauth_approval=false&deny=Deny");
    }

    #[test]
    fn checkboxes_that_grant_no_scope_are_left_alone() {
        let page = parse_page(
            r#"<form method="post" action="/c"><input type="checkbox" name="remember" value="1">
               <input type="checkbox" name="grant" value="read"><button>Allow</button></form>"#,
            None,
            None,
        );
        let approve = press_consent(
            &page,
            0,
            Decision::Approve,
            &ConsentSettings::default(),
            "http://as.test/c",
            Some("read"),
        )
        .expect("ok")
        .expect("a button");
        assert_eq!(body(&approve), "grant=read");
    }

    #[test]
    fn a_page_without_forms_has_nothing_to_drive() {
        let page = parse_page(ERROR_PAGE, None, None);
        assert!(page.forms.is_empty());
        assert_eq!(find_login_form(&page, &LoginSettings::default()), None);
        assert_eq!(find_consent_form(&page, &ConsentSettings::default()), None);
    }

    #[test]
    fn a_form_that_is_neither_login_nor_consent_is_ignored() {
        let page = parse_page(
            r#"<form action="/search"><input name="q"><button>Search</button></form>"#,
            None,
            None,
        );
        assert_eq!(find_login_form(&page, &LoginSettings::default()), None);
        assert_eq!(find_consent_form(&page, &ConsentSettings::default()), None);
    }

    #[test]
    fn button_words() {
        assert_eq!(decision_of(&["Allow access"]), Some(Decision::Approve));
        assert_eq!(decision_of(&["Don't allow"]), Some(Decision::Deny));
        assert_eq!(decision_of(&["", "deny", "decision"]), Some(Decision::Deny));
        assert_eq!(decision_of(&["Notify me"]), None);
        assert_eq!(decision_of(&["Sign in"]), None);
    }

    #[test]
    fn get_forms_replace_the_query_and_buttons_can_override_the_action() {
        let html = r#"<base href="/app/"><form action="next?old=1#f"><input type="hidden" name="a" value="1 2">
            <button name="go" value="y" formaction="other" formmethod="post">Continue</button></form>"#;
        let page = parse_page(html, None, None);
        let form = &page.forms[0];
        let get = submission(
            form,
            vec![("a".into(), "1 2".into())],
            None,
            "http://as.test/x/y",
            page.base.as_deref(),
        )
        .expect("ok");
        assert_eq!(get.url, "http://as.test/app/next?a=1+2");
        let post = submission(
            form,
            vec![],
            form.buttons.first(),
            "http://as.test/x/y",
            page.base.as_deref(),
        )
        .expect("ok");
        assert_eq!(
            (
                post.method.as_str(),
                post.url.as_str(),
                body(&post).as_str()
            ),
            ("POST", "http://as.test/app/other", "go=y")
        );
    }

    #[test]
    fn garbage_does_not_panic() {
        for html in [
            "",
            "<form",
            "<form action='http://[::1'><input type=password name=p></form>",
            "\u{0}\u{fffd}<<<>>>",
        ] {
            let page = parse_page(html, Some("form"), Some("form"));
            if let Some((i, step)) = find_login_form(&page, &LoginSettings::default()) {
                let _ = fill_login(
                    &page.forms[i],
                    step,
                    &user(),
                    &LoginSettings::default(),
                    "http://as.test/",
                    None,
                );
            }
        }
        assert!(validate_selector("form[").is_err());
        assert!(resolve("not a url", None, "/x").is_err());
    }
}
