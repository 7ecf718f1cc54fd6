'use strict';

// The Clientele console: one page over the admin API, routed by the URL's hash.
// Every value reaches the page as text (textContent, Text nodes, attributes set one by one), never as
// markup. The admin token lives in this tab's sessionStorage only and travels as a Bearer header;
// personal data (a searched email or phone) never enters the URL, so no history entry keeps it.

const TOKEN_KEY = 'clientele.admin-token';
const SEARCH_PAGE_SIZE = 20;
const HISTORY_PAGE_SIZE = 10;
const DIALECTS = ['juspay', 'flowwise', 'airpay'];
const PROJECT_DIALECTS = ['flowwise'];
const CRITERIA = [
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['reference', 'Reference'],
];
const CUSTOMER_LABELS = {
  customer_id: 'Customer ID',
  reference: 'Reference',
  project_id: 'Project',
  scope: 'Scope',
  first_name: 'First name',
  last_name: 'Last name',
  name: 'Name',
  email: 'Email',
  mobile_country_code: 'Mobile country code',
  mobile_number: 'Mobile number',
  address: 'Address',
  city: 'City',
  state: 'State',
  country: 'Country',
  pincode: 'Pincode',
  metadata: 'Metadata',
  created_at: 'Created',
  updated_at: 'Updated',
  version: 'Version',
};

const main = document.getElementById('main');
const trail = document.getElementById('trail');
const signOutButton = document.getElementById('sign-out');

/** Bumped on every navigation, so a page that awaited an answer knows whether it is still shown. */
let generation = 0;
/** A message for the next page shown (why the operator is back at sign-in, say). */
let notice = null;
/** The page asked for before signing in, opened once the token is accepted. */
let wanted = null;
/** The last search per merchant, in memory only: going back to the search page repeats it. */
const searches = new Map();

/** The admin token was refused: the operator signs in again. */
class Refused extends Error {}

/** An answer of the admin API that is not a success, with its documented code and message. */
class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// ---- DOM: elements built from parts, text always as text ----

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function link(path, ...children) {
  return el('a', { href: '#' + path }, ...children);
}

function segment(value) {
  return encodeURIComponent(value);
}

/** A value that may be unset: the text, or a marked word saying it has none ("unset"). */
function value(text, none) {
  return text === null || text === undefined || text === ''
    ? el('span', { class: 'unset' }, none || 'unset')
    : String(text);
}

/** An object of strings (a customer's metadata) as a list of its keys and values, or "none". */
function pairs(object) {
  const entries = Object.entries(object);
  if (entries.length === 0) return value(null, 'none');
  return el('ul', { class: 'pairs' }, entries.map(([key, text]) => el('li', {}, el('code', {}, key), ' ', text)));
}

function errorBox(error) {
  if (error instanceof ApiError) {
    return el('p', { class: 'error', role: 'alert' }, error.message, ' ', el('span', { class: 'code' }, '(' + error.code + ')'));
  }
  return el('p', { class: 'error', role: 'alert' }, 'The console failed: ' + (error && error.message ? error.message : String(error)));
}

function noticeBox(text) {
  return el('p', { class: 'notice', role: 'status' }, text);
}

function table(headings, rows, attributes) {
  return el('table', attributes || {},
    el('thead', {}, el('tr', {}, headings.map((heading) => el('th', { scope: 'col' }, heading)))),
    el('tbody', {}, rows));
}

function field(label, input, hint, size) {
  return el('label', { class: size ? 'field ' + size : 'field' }, el('span', { class: 'label' }, label), input, hint ? el('span', { class: 'hint' }, hint) : null);
}

// ---- The admin API ----

async function api(method, path, body, token) {
  const bearer = token === undefined ? sessionStorage.getItem(TOKEN_KEY) : token;
  if (!bearer) throw new Refused('not signed in');
  const headers = { Authorization: 'Bearer ' + bearer, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
  } catch (failure) {
    throw new ApiError(0, 'unreachable', 'The server could not be reached: ' + failure.message);
  }
  if (response.status === 401) throw new Refused('token refused');
  if (response.status === 204) return null;
  const text = await response.text();
  let answer = null;
  try {
    answer = text ? JSON.parse(text) : null;
  } catch (notJson) {
    answer = null;
  }
  if (response.ok && answer !== null) return answer;
  const error = answer && answer.error;
  if (error && typeof error.message === 'string') {
    throw new ApiError(response.status, String(error.code), error.message);
  }
  throw new ApiError(response.status, 'http_' + response.status, 'The server answered ' + response.status + ' without an error message');
}

function merchantPath(merchantId) {
  return '/admin/merchants/' + segment(merchantId);
}

// ---- Pages and navigation ----

/** One shown page: its root element, and whether it is still the one shown. */
class Page {
  constructor(title, crumbs) {
    this.id = ++generation;
    this.root = el('div', { class: 'page' });
    document.title = title + ' — Clientele console';
    trail.replaceChildren(...crumbs.map((crumb, i) =>
      i === crumbs.length - 1 ? el('span', { 'aria-current': 'page' }, crumb[0]) : link(crumb[1], crumb[0])));
    main.replaceChildren(this.root);
    if (notice) {
      this.root.append(noticeBox(notice));
      notice = null;
    }
  }

  get current() {
    return this.id === generation;
  }

  add(...children) {
    return append(this.root, children);
  }
}

const ROUTES = [
  [/^\/sign-in$/, signInPage],
  [/^\/merchants$/, merchantsPage],
  [/^\/merchants\/([^/]+)$/, merchantPage],
  [/^\/merchants\/([^/]+)\/customers$/, customersPage],
  [/^\/merchants\/([^/]+)\/customers\/([^/]+)$/, customerPage],
];

function go(path) {
  if (location.hash === '#' + path) {
    show();
  } else {
    location.hash = path;
  }
}

function show() {
  const path = location.hash.replace(/^#/, '') || '/merchants';
  const signedIn = sessionStorage.getItem(TOKEN_KEY) !== null;
  signOutButton.hidden = !signedIn;
  if (!signedIn && path !== '/sign-in') {
    wanted = path;
    go('/sign-in');
    return;
  }
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(path);
    if (match) {
      let params;
      try {
        params = match.slice(1).map(decodeURIComponent);
      } catch (badEscape) {
        break;
      }
      // No id is '.' or '..', and in a path the browser resolves them before fetching: the
      // customer '..' fetched its merchant.
      if (params.some((param) => param === '.' || param === '..')) break;
      run(page, params);
      return;
    }
  }
  const page = new Page('No such page', [['Merchants', '/merchants'], ['No such page']]);
  page.add(el('h1', {}, 'No such page'), el('p', {}, 'The console has no page at ', el('code', {}, path), '. ', link('/merchants', 'See the merchants.')));
}

/** Shows a page; what it does not catch itself is shown on it, if it is still the page shown. */
function run(page, params) {
  const shown = page(...params);
  const id = generation;
  shown.catch((error) => {
    if (error instanceof Refused) {
      refused();
    } else if (id === generation) {
      main.querySelectorAll('.loading').forEach((node) => node.remove());
      main.append(errorBox(error));
    }
  });
}

/**
 * A later answer refused the token: forget it and ask for it again, saying why. A page's other calls
 * refused at the same moment find the operator on the way to sign-in already.
 */
function refused() {
  if (location.hash === '#/sign-in') return;
  sessionStorage.removeItem(TOKEN_KEY);
  searches.clear();
  wanted = location.hash.replace(/^#/, '') || null;
  notice = 'The admin token was refused. Sign in again.';
  go('/sign-in');
}

/**
 * Runs an action of a page, showing its failure in the given place instead of failing the page;
 * answers whether it succeeded.
 */
async function attempt(place, action) {
  try {
    await action();
    return true;
  } catch (error) {
    if (error instanceof Refused) {
      refused();
    } else {
      place.replaceChildren(errorBox(error));
    }
    return false;
  }
}

function busy(button, text) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = text;
  return () => {
    button.disabled = false;
    button.textContent = label;
  };
}

// ---- Sign in ----

async function signInPage() {
  const page = new Page('Sign in', [['Sign in']]);
  const token = el('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const problem = el('div', { id: 'sign-in-problem' });
  const submit = el('button', { type: 'submit' }, 'Sign in');
  const form = el('form', { id: 'sign-in', class: 'card narrow' },
    field('Admin token', token, 'CLIENTELE_ADMIN_TOKEN, or the file admin-token in the server\'s data directory. Kept in this tab until you sign out or close it.'),
    problem,
    el('div', { class: 'actions' }, submit));
  page.add(el('h1', {}, 'Sign in'), insecureWarning(), form);
  token.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const candidate = token.value.trim();
    const done = busy(submit, 'Signing in…');
    problem.replaceChildren();
    try {
      if (!candidate) {
        problem.append(el('p', { class: 'error', role: 'alert' }, 'Enter the admin token.'));
        return;
      }
      await api('GET', '/admin/merchants', undefined, candidate);
      sessionStorage.setItem(TOKEN_KEY, candidate);
      const next = wanted && wanted !== '/sign-in' ? wanted : '/merchants';
      wanted = null;
      go(next);
    } catch (error) {
      token.value = '';
      problem.append(error instanceof Refused
        ? el('p', { class: 'error', role: 'alert' }, 'The admin token was refused.')
        : errorBox(error));
    } finally {
      done();
    }
  });
}

/** Plain HTTP beyond this machine would carry the token in clear. */
function insecureWarning() {
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
  if (location.protocol === 'https:' || local) return null;
  return el('p', { class: 'error', role: 'alert' },
    'This page came over plain HTTP: the token would cross the network in clear. Open the console over HTTPS.');
}

signOutButton.addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  searches.clear();
  wanted = null;
  notice = 'Signed out.';
  go('/sign-in');
});

// ---- Merchants ----

async function merchantsPage() {
  const page = new Page('Merchants', [['Merchants']]);
  const list = el('div', { id: 'merchants' }, el('p', { class: 'loading' }, 'Loading…'));
  page.add(el('h1', {}, 'Merchants'), list, newMerchantForm());
  await attempt(list, async () => {
    const answer = await api('GET', '/admin/merchants');
    if (page.current) list.replaceChildren(merchantTable(answer.merchants));
  });
}

function merchantTable(merchants) {
  return merchants.length === 0
    ? el('p', { class: 'empty' }, 'No merchants yet.')
    : table(['Merchant ID', 'Name', 'Allowed IPs', 'Created'], merchants.map((m) => el('tr', { 'data-merchant': m.merchant_id },
      el('td', {}, link('/merchants/' + segment(m.merchant_id), m.merchant_id)),
      el('td', {}, m.name),
      el('td', {}, allowedIps(m.allowed_ips)),
      el('td', { class: 'time' }, m.created_at))));
}

function allowedIps(ranges) {
  return ranges.length === 0 ? el('span', { class: 'unset' }, 'any address') : ranges.join(', ');
}

function newMerchantForm() {
  const id = el('input', { id: 'merchant-id', name: 'merchant_id', autocomplete: 'off', spellcheck: 'false' });
  const name = el('input', { id: 'merchant-name', name: 'name', autocomplete: 'off' });
  const ips = el('input', { id: 'merchant-allowed-ips', name: 'allowed_ips', autocomplete: 'off', spellcheck: 'false', placeholder: '203.0.113.0/24, 198.51.100.7' });
  const problem = el('div', {});
  const submit = el('button', { type: 'submit' }, 'Create merchant');
  const form = el('form', { id: 'new-merchant', class: 'card' },
    el('h2', {}, 'New merchant'),
    el('div', { class: 'row' },
      field('Merchant ID', id, 'Letters, digits, _ - . ; at most 64.'),
      field('Name', name),
      field('Allowed IPs', ips, 'Addresses or CIDR blocks, comma-separated; empty allows every address.')),
    problem,
    el('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const done = busy(submit, 'Creating…');
    problem.replaceChildren();
    attempt(problem, async () => {
      const created = await api('POST', '/admin/merchants', {
        merchant_id: id.value.trim(),
        name: name.value,
        allowed_ips: ips.value.split(/[\s,]+/).filter((part) => part !== ''),
      });
      notice = 'Merchant ' + created.merchant_id + ' created.';
      go('/merchants/' + segment(created.merchant_id));
    }).finally(done);
  });
  return form;
}

// ---- One merchant and its credentials ----

async function merchantPage(merchantId) {
  const page = new Page(merchantId, [['Merchants', '/merchants'], [merchantId]]);
  const facts = el('div', { id: 'merchant' }, el('p', { class: 'loading' }, 'Loading…'));
  const credentials = el('div', { id: 'credentials' });
  const shown = el('div', { id: 'shown-once' });
  page.add(el('h1', {}, 'Merchant ', el('code', {}, merchantId)), facts);
  const found = await attempt(facts, async () => {
    const merchant = await api('GET', merchantPath(merchantId));
    if (!page.current) return;
    facts.replaceChildren(
      el('dl', { class: 'facts' },
        el('dt', {}, 'Name'), el('dd', {}, merchant.name),
        el('dt', {}, 'Allowed IPs'), el('dd', {}, allowedIps(merchant.allowed_ips)),
        el('dt', {}, 'Created'), el('dd', { class: 'time' }, merchant.created_at)),
      el('p', {}, link('/merchants/' + segment(merchantId) + '/customers', 'Search this merchant\'s customers')));
  });
  if (!found || !page.current) return;
  const reload = () => attempt(credentials, () => loadCredentials(page, merchantId, credentials));
  page.add(el('h2', {}, 'Credentials'), shown, credentials, newCredentialForm(merchantId, shown, reload));
  await reload();
}

async function loadCredentials(page, merchantId, place) {
  const answer = await api('GET', merchantPath(merchantId) + '/credentials');
  if (!page.current) return;
  const problem = el('div', {});
  const rows = answer.credentials.map((c) => el('tr', { 'data-credential': c.credential_id },
    el('td', {}, el('code', {}, c.credential_id)),
    el('td', {}, c.dialect),
    el('td', {}, value(c.project_id, 'none')),
    el('td', { class: 'time' }, c.created_at),
    el('td', { class: 'time' }, value(c.last_used_at, 'never')),
    el('td', {}, state(c)),
    el('td', {}, c.revoked_at === null
      ? el('button', { type: 'button', class: 'danger', on: { click: () => confirmRevoke(page, merchantId, c, place, problem) } }, 'Revoke')
      : null)));
  place.replaceChildren(
    problem,
    rows.length === 0
      ? el('p', { class: 'empty' }, 'No credentials yet.')
      : table(['Credential ID', 'Dialect', 'Project', 'Created', 'Last used', 'State', ''], rows));
}

function state(credential) {
  if (credential.revoked_at === null) return el('span', { class: 'badge ok' }, 'active');
  if (Date.parse(credential.revoked_at) > Date.now()) {
    return el('span', { class: 'badge warn' }, 'retires ' + credential.revoked_at);
  }
  return el('span', { class: 'badge off' }, 'revoked ' + credential.revoked_at);
}

function confirmRevoke(page, merchantId, credential, place, problem) {
  const revoke = el('button', { type: 'button', class: 'danger', id: 'confirm-revoke' }, 'Revoke');
  const cancel = el('button', { type: 'button', class: 'quiet', id: 'cancel-revoke' }, 'Cancel');
  const dialog = el('dialog', { id: 'revoke-dialog', 'aria-labelledby': 'revoke-title' },
    el('h2', { id: 'revoke-title' }, 'Revoke credential ', el('code', {}, credential.credential_id), '?'),
    el('p', {}, 'Every request with it is refused at once, on every node. This cannot be undone.'),
    el('div', { class: 'actions' }, cancel, revoke));
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  cancel.addEventListener('click', () => dialog.close());
  revoke.addEventListener('click', () => {
    dialog.close();
    problem.replaceChildren();
    attempt(problem, async () => {
      await api('DELETE', merchantPath(merchantId) + '/credentials/' + segment(credential.credential_id));
      await loadCredentials(page, merchantId, place);
      if (page.current) place.prepend(noticeBox('Credential ' + credential.credential_id + ' revoked.'));
    });
  });
  dialog.showModal();
  cancel.focus();
}

function newCredentialForm(merchantId, shown, reload) {
  const dialect = el('select', { id: 'credential-dialect', name: 'dialect' },
    DIALECTS.map((name) => el('option', { value: name }, name)));
  const project = el('input', { id: 'credential-project', name: 'project_id', autocomplete: 'off', spellcheck: 'false' });
  const projectField = field('Project ID', project, 'The Flowwise project the client acts for; made if new.');
  const problem = el('div', {});
  const submit = el('button', { type: 'submit' }, 'Create credential');
  const form = el('form', { id: 'new-credential', class: 'card' },
    el('h2', {}, 'New credential'),
    el('div', { class: 'row' }, field('Dialect', dialect, null, 'compact'), projectField),
    problem,
    el('div', { class: 'actions' }, submit));
  const showProject = () => {
    projectField.hidden = !PROJECT_DIALECTS.includes(dialect.value);
  };
  dialect.addEventListener('change', showProject);
  showProject();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { dialect: dialect.value };
    if (!projectField.hidden) body.project_id = project.value.trim();
    const done = busy(submit, 'Creating…');
    shown.replaceChildren();
    problem.replaceChildren();
    attempt(problem, async () => {
      const issued = await api('POST', merchantPath(merchantId) + '/credentials', body);
      shown.replaceChildren(shownOnce(issued));
      project.value = '';
      await reload();
    }).finally(done);
  });
  return form;
}

/** The new credential's secrets, on this page only: navigating away drops them for good. */
function shownOnce(issued) {
  const rows = Object.entries(issued)
    .filter(([name]) => name !== 'credential_id' && name !== 'project_id')
    .map(([name, secret]) => {
      const text = el('code', { class: 'secret', 'data-name': name }, secret);
      const copy = el('button', { type: 'button', class: 'quiet copy' }, 'Copy');
      copy.addEventListener('click', () => copyText(text, copy));
      return el('div', { class: 'secret-row' }, el('span', { class: 'label' }, name), text, copy);
    });
  return el('section', { class: 'shown-once', role: 'status', 'aria-labelledby': 'shown-once-title' },
    el('h3', { id: 'shown-once-title' }, 'Shown only now'),
    el('p', {}, 'Credential ', el('code', {}, issued.credential_id), ' was created',
      issued.project_id ? [' for project ', el('code', {}, issued.project_id)] : null,
      '. Copy its values now: Clientele keeps no readable copy and will not show them again.'),
    rows);
}

async function copyText(source, button) {
  try {
    await navigator.clipboard.writeText(source.textContent);
    button.textContent = 'Copied';
  } catch (refusedByBrowser) {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    button.textContent = 'Selected: press Ctrl+C';
  }
}

// ---- Customer search ----

async function customersPage(merchantId) {
  const page = new Page('Customers of ' + merchantId, [
    ['Merchants', '/merchants'], [merchantId, '/merchants/' + segment(merchantId)], ['Customers']]);
  const previous = searches.get(merchantId);
  const by = el('select', { id: 'search-by', name: 'by' },
    CRITERIA.map(([name, label]) => el('option', { value: name }, label)));
  const text = el('input', { id: 'search-value', name: 'value', type: 'search', autocomplete: 'off', spellcheck: 'false' });
  const submit = el('button', { type: 'submit' }, 'Search');
  const results = el('div', { id: 'results' });
  const form = el('form', { id: 'search', class: 'card' },
    el('div', { class: 'row' }, field('Search by', by, null, 'compact'), field('Value', text), el('div', { class: 'actions' }, submit)),
    el('p', { class: 'hint' },
      'Email matches without regard to case; phone is an international number such as +91 98765 43210, ' +
      'whichever dialect stored it; reference is exact. Leave the value empty to list every customer.'));
  page.add(el('h1', {}, 'Customers of ', el('code', {}, merchantId)), form, results);
  if (previous) {
    by.value = previous.by;
    text.value = previous.value;
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const search = { by: by.value, value: text.value.trim(), cursors: [null] };
    searches.set(merchantId, search);
    const done = busy(submit, 'Searching…');
    showResults(page, merchantId, search, results).finally(done);
  });
  text.focus();
  if (previous) await showResults(page, merchantId, previous, results);
}

function showResults(page, merchantId, search, place) {
  place.replaceChildren();
  return attempt(place, async () => {
    const query = new URLSearchParams();
    if (search.value !== '') {
      query.set(search.by, search.value);
      query.set('include', 'total');
    }
    query.set('limit', String(SEARCH_PAGE_SIZE));
    const cursor = search.cursors[search.cursors.length - 1];
    if (cursor !== null) query.set('cursor', cursor);
    const answer = await api('GET', merchantPath(merchantId) + '/customers?' + query);
    if (!page.current) return;
    const pageNumber = search.cursors.length;
    const first = el('button', { type: 'button', class: 'quiet', id: 'first-page' }, 'First page');
    const back = el('button', { type: 'button', class: 'quiet', id: 'previous-page' }, 'Previous page');
    const next = el('button', { type: 'button', class: 'quiet', id: 'next-page' }, 'Next page');
    first.hidden = pageNumber === 1;
    back.hidden = pageNumber === 1;
    next.hidden = answer.next_cursor === null;
    const turn = (cursors) => {
      search.cursors = cursors;
      showResults(page, merchantId, search, place);
    };
    first.addEventListener('click', () => turn([null]));
    back.addEventListener('click', () => turn(search.cursors.slice(0, -1)));
    next.addEventListener('click', () => turn([...search.cursors, answer.next_cursor]));
    place.replaceChildren(
      el('p', { id: 'result-count', class: 'count' }, resultCount(answer, search, pageNumber)),
      answer.customers.length === 0 ? null : table(['Customer ID', 'Reference', 'Name', 'Email', 'Phone', 'Updated'],
        answer.customers.map((c) => el('tr', {},
          el('td', {}, link('/merchants/' + segment(merchantId) + '/customers/' + segment(c.customer_id), c.customer_id)),
          el('td', {}, c.reference),
          el('td', {}, value(displayName(c))),
          el('td', {}, value(c.email)),
          el('td', {}, value(phone(c))),
          el('td', { class: 'time' }, c.updated_at))), { id: 'customers' }),
      el('div', { class: 'pager', hidden: pageNumber === 1 && answer.next_cursor === null },
        first, back, el('span', { class: 'page-number' }, 'Page ' + pageNumber), next));
  });
}

function resultCount(answer, search, pageNumber) {
  if (typeof answer.total === 'number') {
    return answer.total === 1 ? '1 customer matches.' : answer.total + ' customers match.';
  }
  if (answer.customers.length === 0) return pageNumber === 1 ? 'No customers yet.' : 'No more customers.';
  return 'Every customer, ' + SEARCH_PAGE_SIZE + ' a page, by customer ID.';
}

function displayName(customer) {
  if (customer.name) return customer.name;
  return [customer.first_name, customer.last_name].filter((part) => part).join(' ');
}

function phone(customer) {
  if (!customer.mobile_number) return null;
  return (customer.mobile_country_code ? '+' + customer.mobile_country_code + ' ' : '') + customer.mobile_number;
}

// ---- One customer and its history ----

async function customerPage(merchantId, customerId) {
  const page = new Page(customerId, [
    ['Merchants', '/merchants'], [merchantId, '/merchants/' + segment(merchantId)],
    ['Customers', '/merchants/' + segment(merchantId) + '/customers'], [customerId]]);
  const facts = el('div', { id: 'customer' }, el('p', { class: 'loading' }, 'Loading…'));
  const history = el('div', { id: 'history' }, el('p', { class: 'loading' }, 'Loading…'));
  page.add(el('h1', {}, 'Customer ', el('code', {}, customerId)), facts, el('h2', {}, 'History'), history);
  const path = merchantPath(merchantId) + '/customers/' + segment(customerId);
  const shown = await Promise.all([
    attempt(facts, async () => {
      const customer = await api('GET', path);
      if (!page.current) return;
      facts.replaceChildren(el('dl', { class: 'facts' }, Object.entries(customer).map(([name, text]) => [
        el('dt', {}, CUSTOMER_LABELS[name] || name),
        el('dd', { 'data-field': name, class: name.endsWith('_at') ? 'time' : null },
          text !== null && typeof text === 'object' ? pairs(text) : value(text)),
      ])));
    }),
    showHistory(page, path, history),
  ]);
  if (!shown[0] && shown[1] && page.current) {
    facts.append(el('p', { class: 'hint', id: 'erased' },
      'Only live customers are shown. An erased customer keeps its history, without its personal values.'));
  }
}

function showHistory(page, path, place) {
  const rows = el('tbody', {});
  const more = el('button', { type: 'button', class: 'quiet', id: 'older-changes' }, 'Older changes');
  const problem = el('div', {});
  let nextCursor = null;
  const load = (cursor) => attempt(problem, async () => {
    problem.replaceChildren();
    const query = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
    if (cursor !== null) query.set('cursor', cursor);
    const answer = await api('GET', path + '/history?' + query);
    if (!page.current) return;
    if (!rows.isConnected) {
      place.replaceChildren(
        el('table', { id: 'changes' },
          el('thead', {}, el('tr', {}, ['Version', 'Kind', 'At', 'Dialect', 'Credential', 'Request ID', 'Fields']
            .map((heading) => el('th', { scope: 'col' }, heading)))),
          rows),
        problem,
        el('div', { class: 'pager' }, more));
    }
    append(rows, answer.changes.map(changeRow));
    more.hidden = answer.next_cursor === null;
    nextCursor = answer.next_cursor;
  });
  more.addEventListener('click', () => {
    const done = busy(more, 'Loading…');
    load(nextCursor).finally(done);
  });
  place.replaceChildren(problem);
  return load(null);
}

function changeRow(change) {
  return el('tr', { 'data-version': change.version },
    el('td', {}, String(change.version)),
    el('td', {}, el('span', { class: 'badge kind-' + change.kind }, change.kind)),
    el('td', { class: 'time' }, change.at),
    el('td', {}, value(change.dialect)),
    el('td', {}, change.credential_id ? el('code', {}, change.credential_id) : value(null)),
    el('td', {}, change.request_id ? el('code', { class: 'request-id' }, change.request_id) : value(null)),
    el('td', {}, el('ul', { class: 'fields' }, change.fields.map((f) => fieldChange(change, f)))));
}

/**
 * One changed field. Erasure empties both values of every personal field of a redacted change; a
 * field that keeps a value there (scope) is not personal and shows as it is.
 */
function fieldChange(change, f) {
  const erased = change.redacted && f.old === null && f.new === null;
  const shown = (text) => (erased ? el('span', { class: 'redacted' }, 'redacted') : value(text));
  return el('li', {}, el('span', { class: 'name' }, f.name), ' ', shown(f.old), ' → ', shown(f.new));
}

// ---- Start ----

window.addEventListener('hashchange', show);
window.addEventListener('unhandledrejection', (event) => main.append(errorBox(event.reason)));
window.addEventListener('error', (event) => main.append(errorBox(event.error || event.message)));
show();
