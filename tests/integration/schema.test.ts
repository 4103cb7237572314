import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType } from 'graphql';
import { hubSchema, printHubSchema } from '../../src/graphql/schema.js';

it('schema/schema.graphql is the schema the code builds (run `npm run schema:emit` after a change)', async () => {
  const committed = await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
  expect(committed).toBe(await printHubSchema());
});

it('describes every type, field, argument and enum value with its Vietnamese term', async () => {
  // the schema linter (eslint.config.js) requires a description; this requires the Vietnamese term in it
  const schema = await hubSchema();
  const vietnamese = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
  const missing: string[] = [];
  const check = (where: string, description: string | null | undefined) => {
    if (!description || !vietnamese.test(description)) missing.push(`${where}: ${description ?? '(none)'}`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of 'args' in field ? field.args : [])
          check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
  }
  expect(missing).toEqual([]);
});

it('describes every type and root field in Vietnamese beside English', async () => {
  const sdl = await printHubSchema();
  for (const name of ['Agency', 'AgencyLevel', 'ApiKey', 'AuditEntry', 'Role']) {
    expect(sdl).toMatch(new RegExp(`"""[^"]*—[^"]*"""\\s*(type|enum) ${name}\\b`));
  }
});
