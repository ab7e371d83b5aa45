// The administration console. It holds no rules of its own: every page reads the service's endpoints, every
// action is a command sent to the same endpoint any client uses, and what is offered comes from the service
// (GET /tenants/{id}/me, /tenants/{id}/actions, /accounts/{id}/actions).
'use strict';

const TokenKey = 'tenancy.console.token';
const view = () => document.getElementById('view');

// ---- Elements: built with text nodes only, so nothing the service returns is ever read as markup.
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function svg(tag, attributes, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, String(value));
  for (const child of children.flat(Infinity)) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

let shownHash = null;
function show(...nodes) {
  view().replaceChildren(...nodes.flat(Infinity).filter(node => node !== null && node !== undefined && node !== false));
  // A new page takes the focus to its content; the same page rendered again after a command leaves it be.
  if (shownHash !== location.hash) document.getElementById('main').focus();
  shownHash = location.hash;
}

function say(text, ok) {
  const message = document.getElementById('message');
  message.className = ok ? 'ok' : '';
  message.replaceChildren(...(Array.isArray(text) ? text : [text]));
}

const when = value => value ? new Date(value).toLocaleString() : '—';
// Ids are version 7 UUIDs (time first): their tail tells them apart.
const shortId = id => id ? `…${id.slice(-8)}` : '—';

// An account as a link: its id's tail at once, its name once read (if the caller may read it).
const names = new Map();
const NoAccount = '00000000-0000-0000-0000-000000000000';
function accountLink(id) {
  if (id === NoAccount) return 'the installation';
  const link = h('a', { href: `#/accounts/${id}`, 'data-account-link': id }, shortId(id));
  if (!names.has(id)) names.set(id, api('GET', `/accounts/${id}`).then(a => a.value.displayName, () => null));
  names.get(id).then(name => { if (name) link.textContent = name; });
  return link;
}

// ---- The API: the bearer token of the signed-in account, ProblemDetails turned into a sentence.
class Refusal extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.code = problem.code || `http_${status}`;
    this.status = status;
  }
}

async function api(method, path, body, headers) {
  const token = sessionStorage.getItem(TokenKey);
  const request = { method, headers: { Accept: 'application/json', ...(headers || {}) } };
  if (token) request.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  const response = await fetch(path, request);
  if (response.status === 401 && token) {
    sessionStorage.removeItem(TokenKey);
    if (location.hash !== '#/signin') location.hash = '#/signin';
    throw new Refusal({ code: 'unauthenticated', detail: 'Your sign-in has expired or is not valid; sign in again.' }, 401);
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new Refusal(typeof data === 'object' ? data : { detail: data }, response.status);
  return data;
}

function refused(error) {
  if (error instanceof Refusal) say([`Refused (${error.code}): `, error.message]);
  else say(`Something went wrong: ${error.message}. Reload the page; if it persists, the service's log has the details.`);
}

/** Sends a command; on success says so and re-renders the current page. */
async function command(method, path, body, headers, done) {
  try {
    await api(method, path, body, headers);
    say(done, true);
    await route();
  } catch (error) {
    refused(error);
  }
}

// ---- Session: who is signed in.
function subjectOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).sub;
  } catch {
    return null;
  }
}

let me = null; // { account, tenant }

async function signIn(token) {
  const subject = subjectOf(token.trim());
  if (!subject) {
    say('That is not a JSON Web Token: paste the whole token the identity provider issued (three parts separated by dots).');
    return;
  }
  sessionStorage.setItem(TokenKey, token.trim());
  try {
    await loadMe();
    say(`Signed in as ${me.account.displayName}.`, true);
    location.hash = `#/tenants/${me.account.tenantId}`;
  } catch (error) {
    sessionStorage.removeItem(TokenKey);
    me = null;
    refused(error);
  }
}

async function loadMe() {
  const token = sessionStorage.getItem(TokenKey);
  if (!token) return null;
  const account = (await api('GET', `/accounts/${subjectOf(token)}`)).value;
  me = { account };
  document.getElementById('who').textContent = `${account.displayName}`;
  document.getElementById('sign-out').hidden = false;
  await renderTree();
  return me;
}

function signOut() {
  sessionStorage.removeItem(TokenKey);
  me = null;
  names.clear();
  document.getElementById('who').textContent = '';
  document.getElementById('sign-out').hidden = true;
  document.getElementById('tree').replaceChildren();
  say('Signed out.', true);
  location.hash = '#/signin';
}

async function renderSignIn() {
  const settings = await api('GET', '/console/settings.json');
  const parts = [h('h1', {}, 'Sign in')];
  if (settings.developmentSignIn) {
    const accounts = await api('GET', '/console/dev/accounts');
    parts.push(
      h('p', {}, 'Development environment: pick an account to act as (a development token is minted for it, valid 8 hours).'),
      h('table', { 'aria-label': 'Accounts' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Account'), h('th', {}, 'Tenant'), h('th', {}, 'Role'), h('th', {}, ''))),
        h('tbody', {}, accounts.map(a => h('tr', {},
          h('td', {}, a.name, h('br'), h('span', { class: 'muted' }, a.email)),
          h('td', {}, a.tenantName),
          h('td', {}, a.role),
          h('td', {}, h('button', {
            type: 'button', 'aria-label': `Sign in as ${a.email}`,
            onclick: async () => {
              try {
                const minted = await api('POST', '/console/dev/token', { accountId: a.id });
                await signIn(minted.token);
              } catch (error) { refused(error); }
            },
          }, 'Sign in')))))),
      accounts.length === 0 ? h('p', {}, 'No active account yet: create the installation with `dotnet run -- install <email>`, or seed a demo with `dotnet run -- seed-demo`.') : null);
  }
  const field = h('textarea', { id: 'token', rows: 4, cols: 60, required: true, autocomplete: 'off' });
  parts.push(
    h('h2', {}, 'With a token'),
    h('form', { class: 'stack', onsubmit: e => { e.preventDefault(); signIn(field.value); } },
      h('label', { for: 'token' }, 'Bearer token from your identity provider'), field,
      h('button', { class: 'primary', type: 'submit' }, 'Sign in with token')));
  show(parts);
}

// ---- The tenant tree: the caller's home tenant and what its authority reaches below, expanded on demand.
async function renderTree() {
  const tree = document.getElementById('tree');
  if (!me) return;
  const root = await api('GET', `/tenants/${me.account.tenantId}`);
  tree.replaceChildren(h('ul', { role: 'tree' }, treeNode({ id: root.value.id, name: root.value.name, kind: root.value.kind })));
}

function treeNode(tenant) {
  const children = h('ul', { role: 'group', hidden: true });
  const toggle = h('button', {
    class: 'toggle', type: 'button', 'aria-expanded': 'false', 'aria-label': `Show tenants below ${tenant.name}`,
    onclick: async () => {
      const open = toggle.getAttribute('aria-expanded') === 'true';
      if (!open && children.childElementCount === 0) {
        try {
          const below = await api('GET', `/tenants/${tenant.id}/children`);
          children.replaceChildren(...(below.length ? below.map(treeNode) : [h('li', { class: 'muted' }, 'none')]));
        } catch (error) { refused(error); return; }
      }
      toggle.setAttribute('aria-expanded', String(!open));
      toggle.textContent = open ? '▸' : '▾';
      children.hidden = open;
    },
  }, '▸');
  return h('li', { role: 'treeitem', 'data-tenant': tenant.id },
    h('span', { class: 'node' }, toggle,
      h('a', { href: `#/tenants/${tenant.id}` }, tenant.name), ' ',
      h('span', { class: 'kind' }, tenant.kind, tenant.ancestorAccessRestricted ? ' · restricted' : '')),
    children);
}

// ---- A tenant's pages.
const Tabs = [
  ['overview', 'Overview', null],
  ['users', 'Users', 'ViewUsers'],
  ['invite', 'Invite', 'InviteMembers'],
  ['recycle-bin', 'Recycle bin', 'ViewUsers'],
  ['audit', 'Audit trail', 'ViewAudit'],
  ['timeline', 'Timeline', 'ViewAudit'],
  ['compliance', 'Compliance', 'ViewAudit'],
  ['observability', 'Observability', 'ViewObservability'],
];

async function renderTenant(id, tab, query) {
  const [tenant, authority] = await Promise.all([api('GET', `/tenants/${id}`), api('GET', `/tenants/${id}/me`)]);
  const capabilities = new Set(authority.capabilities);
  const allowed = Tabs.filter(([, , needs]) => !needs || capabilities.has(needs));
  const current = allowed.some(([name]) => name === tab) ? tab : 'overview';
  const header = [
    h('h1', {}, tenant.value.name, ' ', h('span', { class: 'badge' }, tenant.value.kind)),
    h('p', { class: 'muted' }, `You act here as ${authority.role || 'no role'} (${authority.source}).`),
    h('nav', { class: 'tabs', 'aria-label': 'Tenant pages' }, allowed.map(([name, label]) =>
      h('a', { href: `#/tenants/${id}/${name}`, 'aria-current': name === current ? 'page' : null }, label))),
  ];
  const context = { id, tenant: tenant.value, version: tenant.version, authority, capabilities, query };
  const pages = {
    overview: tenantOverview, users: tenantUsers, invite: tenantInvite, 'recycle-bin': recycleBin,
    audit: auditTrail, timeline: tenantTimeline, compliance: compliancePage, observability: observabilityPage,
  };
  show(header, await pages[current](context));
}

async function tenantOverview({ id, tenant, version, authority }) {
  const actions = new Set((await api('GET', `/tenants/${id}/actions`)).commands);
  // Owners are withheld from callers who may not view users (GET /tenants/{id} says which fields are withheld).
  const owners = await Promise.all((tenant.owners || []).map(async owner => {
    try { return (await api('GET', `/accounts/${owner}`)).value; } catch { return { id: owner, displayName: shortId(owner) }; }
  }));
  const parts = [
    h('dl', { class: 'facts' },
      h('dt', {}, 'Kind'), h('dd', {}, tenant.kind),
      h('dt', {}, 'Management mode'), h('dd', {}, tenant.managementMode || '—'),
      h('dt', {}, 'Ancestor access'), h('dd', {}, tenant.ancestorAccessRestricted ? 'restricted' : 'allowed'),
      h('dt', {}, 'Sign-in methods'), h('dd', {}, (tenant.policy?.signInMethods || []).join(', ') || '—'),
      h('dt', {}, 'MFA'), h('dd', {}, tenant.policy?.mfaEnforcement || '—'),
      h('dt', {}, 'Version'), h('dd', {}, version)),
    h('h2', {}, 'Owners'),
    tenant.owners ? h('ul', {}, owners.map(o => h('li', {}, h('a', { href: `#/accounts/${o.id}` }, o.displayName))))
      : h('p', { class: 'muted' }, 'Withheld: seeing the owners needs ViewUsers in this tenant.'),
    h('h2', {}, 'Workspaces'),
    tenant.workspaces.length ? h('ul', {}, tenant.workspaces.map(w => h('li', {}, w.name))) : h('p', { class: 'muted' }, 'No workspaces.'),
    h('h2', {}, 'Custom roles'),
    tenant.customRoles.length
      ? h('ul', {}, tenant.customRoles.map(r => h('li', {}, r.name, ': ', h('span', { class: 'muted' }, r.capabilities.join(', ')))))
      : h('p', { class: 'muted' }, 'No custom roles.'),
  ];
  if (actions.has('CreateWorkspace')) {
    const name = h('input', { id: 'workspace-name', required: true, maxlength: 200 });
    parts.push(h('form', { class: 'inline', onsubmit: e => { e.preventDefault(); command('POST', `/tenants/${id}/workspaces`, { name: name.value }, { 'If-Match': `"${version}"` }, `Workspace ${name.value} created.`); } },
      h('label', { for: 'workspace-name' }, 'New workspace', name), h('button', { type: 'submit' }, 'Create workspace')));
  }
  if (actions.has('DefineCustomRole')) {
    const name = h('input', { id: 'role-name', required: true, maxlength: 200 });
    const boxes = authority.capabilities.map(c => h('input', { type: 'checkbox', name: 'capability', value: c, id: `role-capability-${c}` }));
    parts.push(h('form', {
      class: 'stack', 'aria-label': 'Define a custom role',
      onsubmit: e => {
        e.preventDefault();
        const chosen = boxes.filter(b => b.checked).map(b => b.value);
        command('POST', `/tenants/${id}/roles`, { name: name.value, capabilities: chosen }, { 'If-Match': `"${version}"` }, `Role ${name.value} defined.`);
      },
    },
      h('h2', {}, 'Define a custom role'),
      h('label', { for: 'role-name' }, 'Role name', name),
      h('fieldset', {}, h('legend', {}, 'Capabilities (of those you hold)'),
        boxes.map(box => h('label', { for: box.id, class: 'check' }, box, ' ', box.value))),
      h('button', { type: 'submit' }, 'Define role')));
  }
  if (actions.has('ConfigureTenantPolicy')) {
    const policy = tenant.policy || {};
    const methods = ['Password', 'Passkey', 'EmailOneTimeCode', 'SingleSignOn'].map(m => h('input', {
      type: 'checkbox', id: `policy-method-${m}`, value: m, checked: (policy.signInMethods || []).includes(m),
    }));
    const mfa = h('select', { id: 'policy-mfa' }, ['Optional', 'RequiredForAdministrators', 'RequiredForEveryone'].map(m => h('option', { value: m, selected: policy.mfaEnforcement === m }, m)));
    const password = policy.passwordPolicy || {};
    const minimum = h('input', { id: 'policy-minimum', type: 'number', min: 8, max: 128, value: password.minimumLength || 12, required: true });
    const flags = ['requireDigit', 'requireSymbol', 'requireMixedCase'].map(f => h('input', { type: 'checkbox', id: `policy-${f}`, checked: password[f] === true }));
    parts.push(h('form', {
      class: 'stack', 'aria-label': 'Sign-in policy',
      onsubmit: e => {
        e.preventDefault();
        const body = {
          signInMethods: methods.filter(m => m.checked).map(m => m.value),
          passwordPolicy: { minimumLength: Number(minimum.value), requireDigit: flags[0].checked, requireSymbol: flags[1].checked, requireMixedCase: flags[2].checked, maximumAgeDays: password.maximumAgeDays ?? null },
          mfaEnforcement: mfa.value,
          billing: null,
        };
        command('PUT', `/tenants/${id}/policy`, body, { 'If-Match': `"${version}"` }, 'Sign-in policy saved.');
      },
    },
      h('h2', {}, 'Sign-in policy (Owners only)'),
      h('fieldset', {}, h('legend', {}, 'Sign-in methods'), methods.map(m => h('label', { for: m.id, class: 'check' }, m, ' ', m.value))),
      h('label', { for: 'policy-mfa' }, 'MFA enforcement', mfa),
      h('label', { for: 'policy-minimum' }, 'Minimum password length', minimum),
      h('fieldset', {}, h('legend', {}, 'Passwords need'),
        flags.map((f, i) => h('label', { for: f.id, class: 'check' }, f, ' ', ['a digit', 'a symbol', 'mixed case'][i]))),
      h('button', { type: 'submit' }, 'Save policy')));
  }
  if (actions.has('ConfigureBranding')) {
    const branding = tenant.branding || {};
    const name = h('input', { id: 'branding-name', required: true, maxlength: 200, value: branding.displayName || tenant.name });
    const logo = h('input', { id: 'branding-logo', type: 'url', value: branding.logoUrl || '' });
    const color = h('input', { id: 'branding-color', placeholder: '#2450a6', value: branding.primaryColor || '' });
    parts.push(h('form', {
      class: 'stack', 'aria-label': 'Branding',
      onsubmit: e => {
        e.preventDefault();
        command('PUT', `/tenants/${id}/branding`, { displayName: name.value, logoUrl: logo.value || null, primaryColor: color.value || null }, { 'If-Match': `"${version}"` }, 'Branding saved.');
      },
    },
      h('h2', {}, 'Branding'),
      h('label', { for: 'branding-name' }, 'Display name', name),
      h('label', { for: 'branding-logo' }, 'Logo URL (https)', logo),
      h('label', { for: 'branding-color' }, 'Primary color', color),
      h('button', { type: 'submit' }, 'Save branding')));
  }
  if (authority.capabilities.includes('TransferOwnership')) {
    const admins = (await api('GET', `/tenants/${id}/users?state=Active&pageSize=500`)).items
      .filter(u => u.kind === 'Administrator' && u.tenantId === id && !(tenant.owners || []).includes(u.id));
    const from = h('select', { id: 'transfer-from' }, owners.map(o => h('option', { value: o.id }, o.displayName)));
    const to = h('select', { id: 'transfer-to' }, admins.map(a => h('option', { value: a.id }, `${a.firstName || ''} ${a.lastName || ''} <${a.email}>`)));
    parts.push(h('form', {
      class: 'stack', 'aria-label': 'Transfer ownership',
      onsubmit: e => { e.preventDefault(); command('POST', `/tenants/${id}/ownership-transfer`, { fromAccountId: from.value, toAccountId: to.value }, { 'If-Match': `"${version}"` }, 'Ownership transferred.'); },
    },
      h('h2', {}, 'Transfer ownership (Owners only)'),
      h('label', { for: 'transfer-from' }, 'From the Owner', from),
      h('label', { for: 'transfer-to' }, 'To the administrator', to),
      h('button', { type: 'submit', disabled: admins.length === 0 }, 'Transfer ownership')));
  }
  if (actions.has('DeleteTenant')) {
    const typed = h('input', { id: 'delete-name', required: true, autocomplete: 'off' });
    const reason = h('input', { id: 'delete-reason', required: true, maxlength: 500 });
    parts.push(h('form', {
      class: 'stack', 'aria-label': 'Delete the tenant',
      onsubmit: e => { e.preventDefault(); command('POST', `/tenants/${id}/delete`, { confirmationName: typed.value, reason: reason.value }, { 'If-Match': `"${version}"` }, `${tenant.name} is deleted.`); },
    },
      h('h2', {}, 'Delete the tenant (Owners only)'),
      h('label', { for: 'delete-name' }, `Type the tenant's name, ${tenant.name}, to confirm`, typed),
      h('label', { for: 'delete-reason' }, 'Reason (kept in the audit trail)', reason),
      h('button', { type: 'submit', class: 'danger' }, 'Delete the tenant')));
  }
  if (actions.has('ChangeManagementMode')) {
    const next = tenant.managementMode === 'SelfManaged' ? 'ManagedByServiceProvider' : 'SelfManaged';
    parts.push(h('p', {}, h('button', { type: 'button', onclick: () => command('PUT', `/tenants/${id}/management-mode`, { managementMode: next }, { 'If-Match': `"${version}"` }, `Management mode is now ${next}.`) }, `Change management mode to ${next}`)));
  }
  if (actions.has('RestrictAncestorAccess')) {
    const restrict = !tenant.ancestorAccessRestricted;
    parts.push(h('p', {}, h('button', { type: 'button', onclick: () => command('PUT', `/tenants/${id}/ancestor-access`, { restrict, reason: null }, { 'If-Match': `"${version}"` }, restrict ? 'Ancestor access restricted.' : 'Ancestor access allowed.') }, restrict ? 'Restrict ancestor access' : 'Allow ancestor access')));
  }
  return parts;
}

const States = ['Invited', 'Active', 'Inactive', 'Deleted', 'Erased'];
const Roles = ['Owner', 'Administrator', 'Manager', 'Operator', 'Auditor', 'Viewer', 'BusinessAdmin', 'WorkspaceAdmin', 'WorkspaceAuditor', 'User'];

async function tenantUsers({ id, query }) {
  const page = Number(query.get('page') || 1);
  const parameters = new URLSearchParams({ page, pageSize: 20 });
  for (const name of ['q', 'state', 'role']) if (query.get(name)) parameters.set(name, query.get(name));
  const result = await api('GET', `/tenants/${id}/users?${parameters}`);
  const go = changes => {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(changes)) value ? next.set(name, value) : next.delete(name);
    location.hash = `#/tenants/${id}/users?${next}`;
  };
  const text = h('input', { id: 'filter-q', type: 'search', value: query.get('q') || '' });
  const state = h('select', { id: 'filter-state' }, h('option', { value: '' }, 'all but deleted'), States.map(s => h('option', { value: s, selected: query.get('state') === s }, s)));
  const role = h('select', { id: 'filter-role' }, h('option', { value: '' }, 'any'), Roles.map(r => h('option', { value: r, selected: query.get('role') === r }, r)));
  const rows = await Promise.all(result.items.map(async user => {
    let offered = { commands: [], roles: [] };
    try { offered = await api('GET', `/accounts/${user.id}/actions`); } catch { /* shown without actions */ }
    return h('tr', { 'data-account': user.id, 'data-email': user.email || '' },
      h('td', {}, h('a', { href: `#/accounts/${user.id}` }, `${user.firstName || ''} ${user.lastName || ''}`.trim() || shortId(user.id)), h('br'), h('span', { class: 'muted' }, user.email || '(erased)')),
      h('td', {}, user.role), h('td', {}, user.state), h('td', {}, when(user.lastActivityAt)),
      h('td', {}, accountActions(user, offered)));
  }));
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  return [
    h('form', { class: 'filters', role: 'search', onsubmit: e => { e.preventDefault(); go({ q: text.value, state: state.value, role: role.value, page: '' }); } },
      h('label', { for: 'filter-q' }, 'Name or email', text),
      h('label', { for: 'filter-state' }, 'State', state),
      h('label', { for: 'filter-role' }, 'Role', role),
      h('button', { type: 'submit' }, 'Filter')),
    h('table', { 'aria-label': 'Users' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Role'), h('th', {}, 'State'), h('th', {}, 'Last activity'), h('th', {}, 'Actions'))),
      h('tbody', {}, rows)),
    result.items.length === 0 ? h('p', { class: 'muted' }, 'No accounts match.') : null,
    h('div', { class: 'pager' },
      h('button', { type: 'button', disabled: page <= 1, onclick: () => go({ page: page - 1 }) }, 'Previous'),
      h('span', {}, `Page ${page} of ${pages} (${result.total} accounts)`),
      h('button', { type: 'button', disabled: page >= pages, onclick: () => go({ page: page + 1 }) }, 'Next')),
  ];
}

/** The buttons of an account's row or page: only what the service says the caller may do now. */
function accountActions(account, offered) {
  const name = account.email || shortId(account.id);
  const on = new Set(offered.commands);
  const reasoned = (label, path, done, danger) => h('button', {
    type: 'button', class: danger ? 'danger' : null, 'aria-label': `${label} ${name}`,
    onclick: () => confirmWithReason(`${label} ${name}?`, reason => command('POST', `/accounts/${account.id}/${path}`, { reason }, undefined, done)),
  }, label);
  const plain = (label, path, done) => h('button', {
    type: 'button', 'aria-label': `${label} ${name}`, onclick: () => command('POST', `/accounts/${account.id}/${path}`, undefined, undefined, done),
  }, label);
  const buttons = [
    on.has('ResendInvitation') && plain('Resend invitation', 'invitation/resend', `Invitation sent again to ${name}.`),
    on.has('SetAdminInactive') && reasoned('Set to Inactive', 'deactivate', `${name} is Inactive.`),
    on.has('ReactivateAccount') && plain('Reactivate', 'reactivate', `${name} is active again.`),
    on.has('ResetPassword') && plain('Reset password', 'password-reset', `Password reset sent to ${name}.`),
    on.has('ForceMfaReset') && plain('Reset MFA', 'mfa-reset', `MFA reset for ${name}.`),
    on.has('PromoteToOwner') && plain('Promote to Owner', 'promote-to-owner', `${name} is an Owner.`),
    on.has('SetAccountDeleted') && reasoned('Set to Deleted', 'delete', `${name} is in the recycle bin.`, true),
    on.has('RestoreAccount') && plain('Restore', 'restore', `${name} is restored.`),
    on.has('EraseAccount') && reasoned('Delete permanently', 'erase', `${name} is erased.`, true),
  ];
  if (on.has('ChangeRole')) {
    const select = h('select', { 'aria-label': `New role for ${name}` }, offered.roles.map(r => h('option', { value: r }, r)));
    buttons.push(h('span', {}, select, h('button', {
      type: 'button', 'aria-label': `Change role of ${name}`,
      onclick: () => {
        const value = select.value;
        const role = value.startsWith('custom:') ? { role: null, customRoleId: value.slice(7) } : { role: value, customRoleId: null };
        command('PUT', `/accounts/${account.id}/role`, { role }, undefined, `${name} is now ${value}.`);
      },
    }, 'Change role')));
  }
  const shown = buttons.filter(Boolean);
  return shown.length ? h('div', { class: 'actions' }, shown) : h('span', { class: 'muted' }, 'no action');
}

/** A confirmation with a reason, kept in the audit trail; Escape or Cancel sends nothing. */
function confirmWithReason(question, send) {
  const reason = h('input', { id: 'confirm-reason', maxlength: 500, required: true });
  const dialog = h('dialog', { 'aria-labelledby': 'confirm-title' },
    h('form', { method: 'dialog', class: 'stack', onsubmit: e => { e.preventDefault(); dialog.close(); dialog.remove(); send(reason.value); } },
      h('h2', { id: 'confirm-title' }, question),
      h('label', { for: 'confirm-reason' }, 'Reason (kept in the audit trail)', reason),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Confirm'),
        h('button', { type: 'button', onclick: () => { dialog.close(); dialog.remove(); } }, 'Cancel'))));
  // Closed any way (Confirm, Cancel, Escape), it is removed, so its ids never label the next one.
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  reason.focus();
}

async function tenantInvite({ id, tenant }) {
  const field = (name, label, attributes) => {
    const input = h('input', { id: `invite-${name}`, name, ...attributes });
    return [h('label', { for: `invite-${name}` }, label, input), input];
  };
  const [emailLabel, email] = field('email', 'Email', { type: 'email', required: true, maxlength: 254 });
  const [firstLabel, first] = field('first', 'First name', { required: true, maxlength: 200 });
  const [lastLabel, last] = field('last', 'Last name', { required: true, maxlength: 200 });
  const role = h('select', { id: 'invite-role' }, Roles.map(r => h('option', { value: r, selected: r === 'Viewer' }, r)),
    tenant.customRoles.map(r => h('option', { value: `custom:${r.id}` }, `${r.name} (custom)`)));
  const workspace = h('select', { id: 'invite-workspace' }, h('option', { value: '' }, 'none'), tenant.workspaces.map(w => h('option', { value: w.id }, w.name)));
  const workspaceRole = h('select', { id: 'invite-workspace-role' }, h('option', { value: '' }, 'none'), ['WorkspaceAdmin', 'WorkspaceAuditor', 'User'].map(r => h('option', { value: r }, r)));
  return [
    h('h2', {}, 'Invite an administrator'),
    h('form', {
      class: 'stack',
      onsubmit: async e => {
        e.preventDefault();
        const value = role.value;
        const body = {
          email: email.value, firstName: first.value, lastName: last.value,
          role: value.startsWith('custom:') ? { role: null, customRoleId: value.slice(7) } : { role: value, customRoleId: null },
          workspaceId: workspace.value || null, workspaceRole: workspaceRole.value || null,
        };
        await command('POST', `/tenants/${id}/admins`, body, undefined, `Invitation sent to ${email.value}.`);
      },
    },
      emailLabel, firstLabel, lastLabel,
      h('label', { for: 'invite-role' }, 'Tenant role (a Member: User with a workspace role)', role),
      h('label', { for: 'invite-workspace' }, 'Workspace', workspace),
      h('label', { for: 'invite-workspace-role' }, 'Workspace role', workspaceRole),
      h('button', { type: 'submit', class: 'primary' }, 'Send invitation')),
  ];
}

async function recycleBin({ id }) {
  const entries = await api('GET', `/tenants/${id}/recycle-bin`);
  if (entries.length === 0) return [h('p', { class: 'muted' }, 'The recycle bin is empty.')];
  return [h('table', { 'aria-label': 'Recycle bin' },
    h('thead', {}, h('tr', {}, ['Deleted', 'By', 'When', 'Why', 'Restorable until', 'Actions'].map(t => h('th', {}, t)))),
    h('tbody', {}, entries.map(entry => h('tr', { 'data-account': entry.id },
      h('td', {}, entry.kind === 'Account' ? h('a', { href: `#/accounts/${entry.id}` }, entry.displayName) : entry.displayName, ' ', h('span', { class: 'badge' }, entry.kind)),
      h('td', {}, entry.deletedBy ? accountLink(entry.deletedBy) : '—'),
      h('td', {}, when(entry.deletedAt)),
      h('td', {}, entry.reason || '—'),
      h('td', {}, entry.restorable ? when(entry.restorableUntil) : 'no longer'),
      h('td', {}, h('div', { class: 'actions' },
        entry.kind === 'Account' && entry.restorable && h('button', {
          type: 'button', 'aria-label': `Restore ${entry.displayName}`,
          onclick: () => command('POST', `/accounts/${entry.id}/restore`, undefined, undefined, `${entry.displayName} is restored.`),
        }, 'Restore'),
        entry.kind === 'Account' && h('button', {
          type: 'button', class: 'danger', 'aria-label': `Purge ${entry.displayName}`,
          onclick: () => confirmWithReason(`Purge ${entry.displayName}? Its personal data is erased for good.`,
            reason => command('POST', `/accounts/${entry.id}/erase`, { reason }, undefined, `${entry.displayName} is purged.`)),
        }, 'Purge'))))))),
  ];
}

async function auditTrail({ id, query, capabilities }) {
  const filters = ['actor', 'actingAs', 'target', 'operation', 'from', 'to'];
  const parameters = new URLSearchParams({ limit: 50 });
  for (const name of [...filters, 'after']) if (query.get(name)) parameters.set(name, query.get(name));
  const page = await api('GET', `/tenants/${id}/audit?${parameters}`);
  const inputs = Object.fromEntries(filters.map(name => [name, h('input', { id: `audit-${name}`, value: query.get(name) || '', placeholder: name === 'from' || name === 'to' ? '2026-01-31T00:00:00Z' : '' })]));
  const go = extra => {
    const next = new URLSearchParams();
    for (const name of filters) if (inputs[name].value) next.set(name, inputs[name].value.trim());
    for (const [name, value] of Object.entries(extra || {})) next.set(name, value);
    location.hash = `#/tenants/${id}/audit?${next}`;
  };
  const exported = new URLSearchParams(parameters);
  exported.delete('limit');
  exported.delete('after');
  return [
    h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); go(); } },
      filters.map(name => h('label', { for: `audit-${name}` }, name, inputs[name])), h('button', { type: 'submit' }, 'Filter')),
    h('table', { 'aria-label': 'Audit trail' },
      h('thead', {}, h('tr', {}, ['#', 'When', 'What', 'Who', 'On whose authority', 'Reason'].map(t => h('th', {}, t)))),
      h('tbody', {}, page.entries.map(entry => h('tr', {},
        h('td', {}, entry.sequence), h('td', {}, when(entry.timestamp)),
        h('td', {}, entry.summary, h('br'), h('span', { class: 'muted' }, entry.eventType)),
        h('td', {}, entry.actor ? accountLink(entry.actor) : 'the installation'),
        h('td', {}, entry.actingAs ? ['acting as ', accountLink(entry.actingAs), ' (impersonation)'] : '', ' ', entry.role || '', entry.authority ? ` (${entry.authority})` : ''),
        h('td', {}, entry.reason || ''))))),
    h('div', { class: 'pager' },
      page.next ? h('button', { type: 'button', onclick: () => go({ after: page.next }) }, 'Older entries') : h('span', { class: 'muted' }, 'End of the trail.'),
      capabilities.has('ExportAudit') && h('button', { type: 'button', onclick: () => download(`/tenants/${id}/audit/export?format=csv&${exported}`, `audit-${id}.csv`) }, 'Export CSV'),
      capabilities.has('ExportAudit') && h('button', { type: 'button', onclick: () => download(`/tenants/${id}/audit/export?format=ndjson&${exported}`, `audit-${id}.ndjson`) }, 'Export NDJSON')),
  ];
}

/** Downloads with the bearer token (a plain link cannot send it). */
async function download(path, name) {
  try {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${sessionStorage.getItem(TokenKey)}` } });
    if (!response.ok) throw new Refusal(await response.json(), response.status);
    const link = h('a', { href: URL.createObjectURL(await response.blob()), download: name });
    document.body.append(link);
    link.click();
    link.remove();
    say(`Downloaded ${name}.`, true);
  } catch (error) {
    refused(error);
  }
}

async function compliancePage({ id, query, capabilities }) {
  const at = query.get('at');
  const moment = h('input', { id: 'as-of-at', value: at || '', placeholder: '2026-01-31T12:00:00Z', required: true });
  const capability = h('input', { id: 'who-held-capability', value: query.get('capability') || 'CreateEditDeleteUsers' });
  const parts = [
    h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); location.hash = `#/tenants/${id}/compliance?${new URLSearchParams({ at: moment.value.trim(), capability: capability.value.trim() })}`; } },
      h('label', { for: 'as-of-at' }, 'Moment (ISO 8601)', moment),
      h('label', { for: 'who-held-capability' }, 'Capability', capability),
      h('button', { type: 'submit' }, 'Show')),
  ];
  if (at) {
    const [then, held] = await Promise.all([
      api('GET', `/tenants/${id}/as-of?at=${encodeURIComponent(at)}`),
      api('GET', `/tenants/${id}/who-held/${encodeURIComponent(query.get('capability') || 'CreateEditDeleteUsers')}?at=${encodeURIComponent(at)}`),
    ]);
    parts.push(
      h('h2', {}, `The tenant as of ${at} (version ${then.version})`),
      h('dl', { class: 'facts', 'aria-label': 'Tenant as of the moment' },
        h('dt', {}, 'Name'), h('dd', {}, then.state.name),
        h('dt', {}, 'Management mode'), h('dd', {}, then.state.managementMode || '—'),
        h('dt', {}, 'Active owners'), h('dd', {}, then.state.activeOwners.map(o => [accountLink(o), ' '])),
        h('dt', {}, 'Ancestor access'), h('dd', {}, then.state.ancestorAccessRestricted ? 'restricted' : 'allowed'),
        h('dt', {}, 'Workspaces'), h('dd', {}, then.state.workspaces.map(w => w.name).join(', ') || '—')),
      h('h2', {}, `Who held ${query.get('capability') || 'CreateEditDeleteUsers'} then`),
      h('table', { 'aria-label': 'Who held the capability' },
        h('thead', {}, h('tr', {}, ['Account', 'Role', 'Source'].map(t => h('th', {}, t)))),
        h('tbody', {}, held.map(holder => h('tr', {},
          h('td', {}, accountLink(holder.accountId)),
          h('td', {}, holder.role || '—'), h('td', {}, holder.source))))));
  }
  if (capabilities.has('ExportAudit')) {
    const from = h('input', { id: 'evidence-from', placeholder: 'from (optional)' });
    const to = h('input', { id: 'evidence-to', placeholder: 'to (optional)' });
    parts.push(
      h('h2', {}, 'Evidence bundle'),
      h('p', {}, 'The tenant\'s audit entries with the links of the hash chain and a manifest, as a zip; verify it offline with ', h('code', {}, 'dotnet run -- evidence-verify --bundle <file>.zip'), '.'),
      h('form', {
        class: 'inline', onsubmit: e => {
          e.preventDefault();
          const range = new URLSearchParams();
          if (from.value) range.set('from', from.value.trim());
          if (to.value) range.set('to', to.value.trim());
          download(`/tenants/${id}/evidence?${range}`, `evidence-${id}.zip`);
        },
      }, h('label', { for: 'evidence-from' }, 'From', from), h('label', { for: 'evidence-to' }, 'To', to), h('button', { type: 'submit' }, 'Download evidence bundle')));
  }
  const verification = h('p', { id: 'chain-status' }, 'Checking the audit chain…');
  parts.push(h('h2', {}, 'Audit chain'), verification);
  api('GET', '/audit/verify').then(
    result => { verification.textContent = result.verified ? `Verified: ${result.entries} entries, every hash intact.` : `BROKEN at sequence ${result.firstBrokenSequence}: ${result.reason}`; },
    error => { verification.textContent = `Only the installation's auditors verify the whole chain (${error.message}). Download an evidence bundle to verify this tenant's part offline.`; });
  return parts;
}

function barChart(label, data) {
  const entries = Object.entries(data);
  const max = Math.max(1, ...entries.map(([, value]) => value));
  const rowHeight = 22;
  return h('figure', { class: 'chart' }, h('figcaption', {}, label),
    svg('svg', { width: 420, height: rowHeight * Math.max(1, entries.length), role: 'img', 'aria-label': `${label}: ${entries.map(([k, v]) => `${k} ${v}`).join(', ')}` },
      entries.map(([key, value], index) => [
        svg('text', { x: 0, y: index * rowHeight + 15 }, key),
        svg('rect', { x: 130, y: index * rowHeight + 4, height: 14, width: Math.max(1, (value / max) * 240) }),
        svg('text', { x: 136 + (value / max) * 240, y: index * rowHeight + 15 }, value),
      ])));
}

async function observabilityPage({ id }) {
  const report = await api('GET', `/tenants/${id}/observability`);
  const perDay = Object.fromEntries(report.actionsPerDay.slice(-14).map(d => [d.day, d.total]));
  return [
    h('div', {}, barChart('Accounts by role', report.accountsByRole), barChart('Accounts by state', report.accountsByState),
      barChart('Administrative actions per day', perDay)),
    h('p', { class: 'muted' }, `Pending invitations: ${report.pendingInvitations}. Projected through event ${report.progress.projectedThrough} of ${report.progress.highestEventSequence}.`),
  ];
}

// ---- An account's page: its facts, its actions, its timeline with field-level differences.
async function renderAccount(id) {
  const [account, offered, timeline] = await Promise.all([
    api('GET', `/accounts/${id}`),
    api('GET', `/accounts/${id}/actions`),
    api('GET', `/accounts/${id}/timeline`).catch(() => null),
  ]);
  const value = account.value;
  show(
    h('h1', {}, value.displayName),
    h('p', {}, h('a', { href: `#/tenants/${value.tenantId}/users` }, 'Back to the users of its tenant')),
    h('dl', { class: 'facts' },
      h('dt', {}, 'State'), h('dd', { id: 'account-state' }, value.state),
      h('dt', {}, 'Role'), h('dd', {}, value.role?.role || value.role?.customRoleId || '—'),
      h('dt', {}, 'Kind'), h('dd', {}, value.kind),
      h('dt', {}, 'Version'), h('dd', {}, account.version)),
    h('h2', {}, 'Actions'), accountActions(value, offered),
    workspaceRoles(value, offered),
    h('h2', {}, 'As of a moment'), accountAsOf(id),
    h('h2', {}, 'Timeline'),
    timeline === null
      ? h('p', { class: 'muted' }, 'The timeline needs ViewAudit in the account\'s tenant.')
      : timelineList(timeline));
}

/** Each change: the event, when, who on whose authority (impersonation shown), why, and the field-level difference. */
function timelineList(steps) {
  if (steps.length === 0) return h('p', { class: 'muted' }, 'No changes in this range.');
  return h('ol', { 'aria-label': 'Timeline' }, steps.map(step => h('li', {},
    h('strong', {}, step.event), ' ', when(step.timestamp), ' by ',
    step.actor ? accountLink(step.actor) : 'the installation',
    step.actingAs ? [' acting as ', accountLink(step.actingAs), ' (impersonation)'] : '',
    step.role ? ` as ${step.role}` : '', step.source ? ` (${step.source})` : '',
    step.reason ? h('span', {}, ' — ', h('em', {}, step.reason)) : '',
    step.difference ? h('pre', { class: 'diff' }, JSON.stringify(step.difference, null, 2)) : null)));
}

async function tenantTimeline({ id }) {
  return [h('h2', {}, 'Changes to the tenant'), timelineList(await api('GET', `/tenants/${id}/timeline`))];
}

/** The account's workspace roles, with the assignments and removals the service says the caller may make. */
function workspaceRoles(account, offered) {
  const held = new Map((account.workspaceRoles || []).map(w => [w.workspaceId, w.role]));
  if (offered.workspaceRoles.length === 0 && held.size === 0) return null;
  return [h('h2', {}, 'Workspace roles'), h('table', { 'aria-label': 'Workspace roles' },
    h('thead', {}, h('tr', {}, ['Workspace', 'Role', ''].map(t => h('th', {}, t)))),
    h('tbody', {}, offered.workspaceRoles.map(w => {
      const select = h('select', { 'aria-label': `Workspace role in ${w.name}` }, w.assignable.map(r => h('option', { value: r }, r)));
      return h('tr', {}, h('td', {}, w.name), h('td', {}, held.get(w.workspaceId) || '—'),
        h('td', {}, h('div', { class: 'actions' },
          w.assignable.length > 0 && [select, h('button', {
            type: 'button', onclick: () => command('PUT', `/accounts/${account.id}/workspace-roles/${w.workspaceId}`, { role: select.value }, undefined, `Workspace role in ${w.name} is now ${select.value}.`),
          }, 'Assign')],
          w.removable && h('button', {
            type: 'button', onclick: () => command('DELETE', `/accounts/${account.id}/workspace-roles/${w.workspaceId}`, undefined, undefined, `Workspace role in ${w.name} removed.`),
          }, 'Remove'))));
    })))];
}

/** The account as it was at a moment, folded from its events by the service. */
function accountAsOf(id) {
  const moment = h('input', { id: 'account-as-of', placeholder: '2026-01-31T12:00:00Z', required: true });
  const result = h('div', { 'aria-live': 'polite' });
  return [h('form', {
    class: 'inline', onsubmit: async e => {
      e.preventDefault();
      try {
        const then = await api('GET', `/accounts/${id}/as-of?at=${encodeURIComponent(moment.value.trim())}`);
        result.replaceChildren(h('dl', { class: 'facts', 'aria-label': 'Account as of the moment' },
          h('dt', {}, 'Version'), h('dd', {}, then.version),
          h('dt', {}, 'State'), h('dd', {}, then.state.state),
          h('dt', {}, 'Role'), h('dd', {}, then.state.role?.role || then.state.role?.customRoleId || '—')));
      } catch (error) { refused(error); }
    },
  }, h('label', { for: 'account-as-of' }, 'Moment (ISO 8601)', moment), h('button', { type: 'submit' }, 'Show the account then')), result];
}

// ---- Routing: #/signin, #/tenants/{id}[/{tab}][?query], #/accounts/{id}. One page is rendered at a time, in
// the order asked, so a quick second navigation never ends under the first's late answer; <body data-rendered>
// names the page last rendered and <body data-renders> counts the renderings.
let rendering = Promise.resolve();
let renders = 0;
function route() {
  const hash = location.hash;
  rendering = rendering.then(() => render()).catch(refused).then(() => {
    document.body.dataset.rendered = hash;
    document.body.dataset.renders = String(++renders);
  });
  return rendering;
}

const Uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function render() {
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  const query = new URLSearchParams(search || '');
  const parts = path.split('/').filter(Boolean);
  if (parts[1] !== undefined && !Uuid.test(parts[1])) parts.length = 0;
  try {
    if (!sessionStorage.getItem(TokenKey)) {
      if (parts[0] !== 'signin') { location.hash = '#/signin'; return; }
      await renderSignIn();
      return;
    }
    if (!me) await loadMe();
    if (parts[0] === 'tenants' && parts[1]) await renderTenant(parts[1], parts[2] || 'overview', query);
    else if (parts[0] === 'accounts' && parts[1]) await renderAccount(parts[1]);
    else if (parts[0] === 'signin') await renderSignIn();
    else location.hash = `#/tenants/${me.account.tenantId}`;
  } catch (error) {
    refused(error);
    show(h('p', {}, 'This page could not be shown. ', h('a', { href: '#/' }, 'Back to your tenant')));
  }
}

// Only #/... names a page; other fragments (the skip link's #main) stay on the page shown.
window.addEventListener('hashchange', () => { if (location.hash.startsWith('#/')) { say(''); route(); } });
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('sign-out').addEventListener('click', signOut);
  // The skip link moves the focus without touching the address (a hash would be taken for a page).
  document.querySelector('.skip').addEventListener('click', e => { e.preventDefault(); document.getElementById('main').focus(); });
  route();
});
