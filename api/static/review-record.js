// The record under review as data: which fields refer to which kinds, and the edits that
// must keep every reference whole (rename an id, remove an entity, merge two). The rules
// come from the server (graph.build.record_schema), so the page never guesses them.

export const ID_BASE = "https://w3id.org/govties/id/";

export class RecordModel {
  constructor(record, schema) {
    this.record = record;
    this.schema = schema;
    this.kindOf = schema.sections; // section -> kind
    this.sectionOf = Object.fromEntries(Object.entries(schema.sections).map(([s, k]) => [k, s]));
    this.moved = new Map(); // "kind:old id" -> the id it was renamed to
    for (const section of Object.keys(schema.sections)) {
      if (!Array.isArray(record[section])) record[section] = record[section] ? [record[section]] : [];
    }
  }

  entities(section) {
    return this.record[section];
  }

  // Every entity of these kinds, as {id, label, kind}, for a reference field's choices.
  choices(kinds) {
    return kinds.filter((k) => this.sectionOf[k]).flatMap((kind) =>
      this.record[this.sectionOf[kind]].map((e) => ({ id: e.id, label: e.label || e.id, kind })));
  }

  find(kind, id) {
    const section = this.sectionOf[kind];
    return section ? this.record[section].find((e) => e.id === id) : undefined;
  }

  label(id, kinds) {
    for (const kind of kinds) {
      const found = this.find(kind, id);
      if (found) return found.label || id;
    }
    return id;
  }

  // The reference fields that may hold an id of `kind`: [{section, field, key?}].
  fieldsFor(kind) {
    return [...this.schema.references, ...this.schema.nested].filter((r) => r.kinds.includes(kind));
  }

  // Call fn(holder, key) for every place a reference to `kind` could be written.
  eachReference(kind, fn) {
    for (const ref of this.fieldsFor(kind)) {
      for (const entity of this.record[ref.section] || []) {
        if (ref.key) {
          for (const item of entity[ref.field] || []) fn(item, ref.key);
        } else {
          fn(entity, ref.field);
        }
      }
    }
  }

  // The id an id of the proposal has now, after the renames since.
  current(kind, id) {
    const seen = new Set();
    while (this.moved.has(`${kind}:${id}`) && !seen.has(id)) {
      seen.add(id);
      id = this.moved.get(`${kind}:${id}`);
    }
    return id;
  }

  // The kinds a field of a section refers to ([] for a literal such as a date or a topic).
  kindsOf(section, field) {
    const ref = this.schema.references.find((r) => r.section === section && r.field === field);
    return ref ? ref.kinds : [];
  }

  // Rename an id of `kind` and every reference to it.
  rename(kind, from, to) {
    if (from === to) return;
    this.moved.set(`${kind}:${from}`, to);
    const entity = this.find(kind, from);
    if (entity) entity.id = to;
    this.eachReference(kind, (holder, key) => {
      const value = holder[key];
      if (Array.isArray(value)) {
        holder[key] = [...new Set(value.map((v) => (v === from ? to : v)))];
      } else if (value === from) {
        holder[key] = to;
      }
    });
  }

  // Remove an entity and every reference to it (list items holding it go too).
  remove(kind, entity) {
    const section = this.sectionOf[kind];
    this.record[section] = this.record[section].filter((e) => e !== entity);
    if (this.find(kind, entity.id)) return; // another entity keeps the id: references stay
    for (const ref of this.fieldsFor(kind)) {
      for (const holder of this.record[ref.section] || []) {
        if (ref.key) {
          holder[ref.field] = (holder[ref.field] || []).filter((item) => item[ref.key] !== entity.id);
        } else if (Array.isArray(holder[ref.field])) {
          holder[ref.field] = holder[ref.field].filter((v) => v !== entity.id);
        } else if (holder[ref.field] === entity.id) {
          delete holder[ref.field];
        }
      }
    }
  }

  // The entity now stands for an existing one of the graph: its id and label, the name the
  // article used kept as an alias; if the record already holds that entity, the two merge.
  link(kind, entity, found) {
    const id = found.iri.slice(`${ID_BASE}${kind}/`.length);
    const twin = this.find(kind, id);
    if (twin && twin !== entity) {
      const section = this.sectionOf[kind];
      this.record[section] = this.record[section].filter((e) => e !== entity);
      this.rename(kind, entity.id, id);
      twin.alt = aliases(twin, entity.label);
      return twin;
    }
    const before = entity.label;
    this.rename(kind, entity.id, id);
    entity.label = found.label;
    entity.alt = aliases(entity, before);
    return entity; // type and country stay as proposed: the check says if they contradict
  }

  // A fresh id of `kind` that no entity of the record has.
  freshId(kind) {
    let n = 1;
    while (this.find(kind, `new-${kind}-${n}`)) n += 1;
    return `new-${kind}-${n}`;
  }
}

function aliases(entity, name) {
  const alt = (entity.alt || []).filter((a) => a && a !== entity.label);
  if (name && name !== entity.label && !alt.includes(name)) alt.push(name);
  return alt;
}
