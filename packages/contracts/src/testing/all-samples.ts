import { type ShapeFixture, shapeFixtures } from './fixtures.js';
import { removals, wrongTypes } from './mutations.js';
import { REMOVE, dotted, mutate } from './samples.js';

export interface Sample {
  /** `<fixture id>: <case name>`. */
  id: string;
  fixture: ShapeFixture;
  value: unknown;
  /** What the Zod schema must answer. */
  valid: boolean;
  jsonSchemaGap: boolean;
}

/** Every valid and invalid payload sample of every fixture: the same set the payload tests use. */
export function allSamples(): Sample[] {
  return shapeFixtures.flatMap((fixture) => {
    const sample = (name: string, value: unknown, valid: boolean, gap = false): Sample => ({
      id: `${fixture.id}: ${name}`,
      fixture,
      value,
      valid,
      jsonSchemaGap: gap,
    });
    const catalogOnly = Object.fromEntries(
      Object.entries(fixture.valid).filter(([k]) => !fixture.additions.includes(k)),
    );
    return [
      sample('valid', fixture.valid, true),
      sample('catalog fields only', catalogOnly, true),
      ...removals(fixture.valid, fixture.optional).map(({ path, required }) =>
        sample(`${dotted(path)} removed`, mutate(fixture.valid, path, REMOVE), !required),
      ),
      ...wrongTypes(fixture.valid).map((c) => sample(c.name, mutate(fixture.valid, c.path, c.value), false)),
      ...fixture.invalid.map((c) => sample(c.name, mutate(fixture.valid, c.path, c.value), false, c.jsonSchemaGap)),
    ];
  });
}
