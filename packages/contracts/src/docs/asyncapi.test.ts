import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EVENT_NAMES, eventDirection } from '../catalog.js';
import { buildAsyncApi, renderAsyncApi } from './asyncapi.js';
import { contractHash } from './contract-hash.js';
import { buildSchemaFiles } from './json-schemas.js';

const files = buildSchemaFiles();
const yaml = renderAsyncApi(buildAsyncApi(files, contractHash(files)));

interface Operation {
  action: 'send' | 'receive';
  messages: { $ref: string }[];
}
interface Message {
  name: string;
  payload: { properties: Record<string, unknown>; required: string[] };
}
const document = parse(yaml) as {
  asyncapi: string;
  operations: Record<string, Operation>;
  components: { messages: Record<string, Message> };
};

describe('AsyncAPI document', () => {
  it('parses with @asyncapi/parser without errors', async () => {
    const diagnostics = await new Parser().validate(yaml);
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    const { document: parsed } = await new Parser().parse(yaml);
    expect(parsed?.version()).toBe('3.0.0');
    expect(parsed?.allMessages().length).toBe(Object.keys(document.components.messages).length);
  }, 60_000);

  it('has a message for every event and both shapes of vote:accepted', () => {
    const names = new Set(Object.values(document.components.messages).map((m) => m.name));
    expect(names).toEqual(new Set(EVENT_NAMES));
    expect(document.components.messages).toHaveProperty('voteAcceptedBroadcast');
    expect(document.components.messages).toHaveProperty('voteAcceptedConfirmation');
  });

  it('sends server-to-client events and receives client-to-server ones', () => {
    const byMessage = (ref: string) => document.components.messages[ref.split('/').pop()!]!.name;
    const sent = new Set<string>();
    const received = new Set<string>();
    for (const op of Object.values(document.operations)) {
      for (const m of op.messages) (op.action === 'send' ? sent : received).add(byMessage(m.$ref));
    }
    for (const name of EVENT_NAMES) {
      const direction = eventDirection(name);
      expect(sent.has(name), name).toBe(direction !== 'client-to-server');
      expect(received.has(name), name).toBe(direction !== 'server-to-client');
    }
  });

  it('requires seq on room broadcasts only', () => {
    const { voteAcceptedBroadcast, voteAcceptedConfirmation } = document.components.messages;
    expect(voteAcceptedBroadcast!.payload.required).toContain('seq');
    expect(voteAcceptedConfirmation!.payload.required).not.toContain('seq');
    expect(voteAcceptedConfirmation!.payload.properties).not.toHaveProperty('seq');
  });

  it('renders deterministically', () => {
    expect(renderAsyncApi(buildAsyncApi(files, contractHash(files)))).toBe(yaml);
  });
});
