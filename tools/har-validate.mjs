// Validates a HAR file against the HAR 1.2 JSON schemas of the npm package `har-schema`
// (the ones `har-validator` uses), compiled with Ajv 8 and `ajv-formats`.
//   node tools/har-validate.mjs FILE.har     (prints the problems, or "valid: N entries")
//   import { validateHar } from './har-validate.mjs'   (tools/e2e-network.mjs)
//
// Extensions. The HAR 1.2 spec: "custom fields and elements MUST start with an underscore".
// The schemas allow any extra field, as Chrome's importer (`HARFormat.ts`) ignores the ones
// it does not read; on top of them this checks that every field the schemas do not name is
// such a custom field (`_resourceType`, `_transferSize`, …), except the one field Chrome's
// DevTools write without an underscore (`front_end/models/har/Log.ts`): the cookie's
// `sameSite`, one of the DevTools protocol's `CookieSameSite` values.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const harSchemas = require('har-schema');
const draft06 = require('ajv/lib/refs/json-schema-draft-06.json');

/// The schemas' own fields, plus Chrome's extensions.
const CHROME_FIELDS = { 'cookie.json#': { sameSite: { enum: ['Strict', 'Lax', 'None'] } } };

/// A copy of har-schema's `schema` that names its extensions: extra fields must start with `_`.
function withExtensionRule(schema) {
    const copy = structuredClone(schema);
    // har-schema 2.0.0 writes postData's `params` keywords on the array itself, where they
    // check nothing; the spec's params are objects with a required `name`.
    if (copy.$id === 'postData.json#') {
        const { required, properties } = copy.properties.params;
        copy.properties.params = { type: 'array', items: { type: 'object', required, properties } };
    }
    // `cache`, `timings` and `pageTimings` are objects in the spec; the schemas omit the type.
    copy.type ??= 'object';
    Object.assign((copy.properties ??= {}), CHROME_FIELDS[copy.$id] ?? {});
    const rule = (properties) => ({ anyOf: [{ enum: Object.keys(properties) }, { pattern: '^_' }] });
    copy.propertyNames = rule(copy.properties);
    if (copy.properties.params?.items?.properties) {
        copy.properties.params.items.propertyNames = rule(copy.properties.params.items.properties);
    }
    return copy;
}

function compile() {
    // har-schema's keywords `optional`, `min` and `unique` are not JSON Schema: annotations,
    // as Ajv 6 in har-validator treated them.
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    ajv.addMetaSchema(draft06);
    ajv.addVocabulary(['optional', 'min', 'unique']);
    addFormats(ajv);
    for (const schema of Object.values(harSchemas)) {
        ajv.addSchema(withExtensionRule(schema));
    }
    return ajv.getSchema('har.json#');
}

let validate;

/// `{ errors, entries }`: every problem of `har` as "pointer: message", and its entry count.
export function validateHar(har) {
    validate ??= compile();
    const valid = validate(har);
    const errors = valid ? [] : validate.errors.map((e) => `${e.instancePath || '/'}: ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
    const entries = Array.isArray(har?.log?.entries) ? har.log.entries.length : 0;
    return { errors, entries };
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const file = process.argv[2];
    if (!file) {
        console.error('usage: node tools/har-validate.mjs FILE.har');
        process.exit(2);
    }
    const { errors, entries } = validateHar(JSON.parse(fs.readFileSync(file, 'utf8')));
    for (const error of errors) console.log(error);
    console.log(errors.length ? `invalid: ${errors.length} problems` : `valid: ${entries} entries`);
    process.exit(errors.length ? 1 : 0);
}
