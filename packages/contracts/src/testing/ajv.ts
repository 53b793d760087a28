import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Ajv for draft 2020-12 in strict mode, with the standard formats (uuid, date-time). */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}
