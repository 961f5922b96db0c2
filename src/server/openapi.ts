import { z } from 'zod';
import {
  AddressSchema,
  ApiErrorSchema,
  AttachmentSchema,
  EnvelopeSchema,
  EVENTS_PATH,
  HeaderSchema,
  InfoSchema,
  MarkReadBodySchema,
  MessageDetailSchema,
  MessageListSchema,
  MessageSummarySchema,
  type RouteName,
  routes,
  ServerEventSchema,
  TranscriptLineSchema,
} from '../shared/index.js';

/**
 * The OpenAPI 3.1 description of the API, generated from the contract's zod schemas so it cannot
 * drift from what the server validates and answers. Served at /api/openapi.json; a copy is kept
 * in docs/openapi.json and a test checks the two are equal.
 */

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

export const OPENAPI_PATH = '/api/openapi.json';

const COMPONENT_REF = (id: string): string => `#/components/schemas/${id}`;

/** Named schemas become components; whatever uses them refers to them by $ref. */
function componentRegistry(): z.core.$ZodRegistry<{ id: string }> {
  const registry = z.registry<{ id: string }>();
  const named: Array<[z.ZodType, string]> = [
    [InfoSchema, 'Info'],
    [AddressSchema, 'Address'],
    [MessageSummarySchema, 'MessageSummary'],
    [MessageListSchema, 'MessageList'],
    [HeaderSchema, 'Header'],
    [AttachmentSchema, 'Attachment'],
    [EnvelopeSchema, 'Envelope'],
    [TranscriptLineSchema, 'TranscriptLine'],
    [MessageDetailSchema, 'MessageDetail'],
    [MarkReadBodySchema, 'MarkReadBody'],
    [routes['messages.markRead'].response, 'Ok'],
    [ApiErrorSchema, 'ApiError'],
    [ServerEventSchema, 'ServerEvent'],
  ];
  for (const [schema, id] of named) registry.add(schema, { id });
  return registry;
}

function withoutSchemaKeywords(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** Query or path parameters, one per property of an object schema. */
function parameters(schema: z.ZodType, where: 'path' | 'query'): JsonSchema[] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const errorResponse = (description: string): JsonSchema => ({
  description,
  content: { 'application/json': { schema: { $ref: COMPONENT_REF('ApiError') } } },
});

const COMMON_ERRORS = {
  '401': errorResponse('unauthorized: bound beyond loopback and no valid token was sent'),
  '403': errorResponse('forbidden_host (Host is not a loopback name) or forbidden_origin'),
};

const SUMMARIES: Record<RouteName, string> = {
  'info.get': 'What is running: version, listeners, data dir, retention',
  'messages.list': 'List messages, newest first, optionally filtered by a search query',
  'messages.get': 'One message, parsed for display',
  'messages.markRead': 'Mark messages (or all, when ids is omitted) read or unread',
  'messages.delete': 'Delete one message',
  'messages.deleteAll': 'Delete every message',
};

const BYTE_ID_PARAMS = parameters(routes['messages.get'].params, 'path');
const DOWNLOAD_PARAM = {
  name: 'download',
  in: 'query',
  required: false,
  schema: { type: 'string', enum: ['0', '1'] },
  description: '1 answers with Content-Disposition: attachment',
};

function byteOperations(): Record<string, Record<string, Operation>> {
  return {
    '/api/messages/{id}/raw': {
      get: {
        operationId: 'messages.raw',
        summary: 'The message exactly as received (message/rfc822)',
        parameters: [...BYTE_ID_PARAMS, DOWNLOAD_PARAM],
        responses: {
          '200': {
            description: 'The raw bytes',
            content: {
              'message/rfc822': { schema: { type: 'string', contentMediaType: 'message/rfc822' } },
            },
          },
          '400': errorResponse('bad_request: malformed id'),
          '404': errorResponse('not_found'),
          ...COMMON_ERRORS,
        },
      },
    },
    '/api/messages/{id}/parts/{partId}': {
      get: {
        operationId: 'messages.part',
        summary:
          'The decoded bytes of one attachment or inline part. Types that could run script ' +
          '(HTML, SVG, XML, ...) are served as application/octet-stream attachments.',
        parameters: [
          ...BYTE_ID_PARAMS,
          {
            name: 'partId',
            in: 'path',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
          DOWNLOAD_PARAM,
        ],
        responses: {
          '200': {
            description: 'The part bytes',
            content: { '*/*': { schema: { type: 'string' } } },
          },
          '400': errorResponse('bad_request: malformed id'),
          '404': errorResponse('not_found: no such message or part'),
          ...COMMON_ERRORS,
        },
      },
    },
  };
}

function eventsOperation(): Record<string, Operation> {
  return {
    get: {
      operationId: 'events.subscribe',
      summary:
        'WebSocket upgrade. Every frame is one JSON ServerEvent { type, data }; the server only ' +
        'pushes. Cross-origin upgrades are refused; a client that falls too far behind is dropped.',
      responses: {
        '101': {
          description: 'Switching to WebSocket; frames are ServerEvent JSON',
          content: { 'application/json': { schema: { $ref: COMPONENT_REF('ServerEvent') } } },
        },
        ...COMMON_ERRORS,
      },
    },
  };
}

export function buildOpenApiDocument(version: string): Record<string, unknown> {
  const registry = componentRegistry();
  const { schemas } = z.toJSONSchema(registry, { uri: COMPONENT_REF });
  const refFor = (schema: z.ZodType): JsonSchema => {
    const id = registry.get(schema)?.id;
    return id === undefined
      ? withoutSchemaKeywords(z.toJSONSchema(schema) as JsonSchema)
      : { $ref: COMPONENT_REF(id) };
  };

  const paths: Record<string, Record<string, Operation>> = {};
  for (const name of Object.keys(routes) as RouteName[]) {
    const route: {
      method: string;
      path: string;
      params?: z.ZodType;
      query?: z.ZodType;
      body?: z.ZodType;
      response: z.ZodType;
    } = routes[name];
    const path = route.path.replace(/:([a-zA-Z]+)/g, '{$1}');
    const validated =
      route.params !== undefined || route.query !== undefined || route.body !== undefined;
    const operation: Operation = {
      operationId: name,
      summary: SUMMARIES[name],
      parameters: [
        ...(route.params ? parameters(route.params, 'path') : []),
        ...(route.query ? parameters(route.query, 'query') : []),
      ],
      ...(route.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: refFor(route.body) } },
        },
      }),
      responses: {
        '200': {
          description: 'OK',
          content: { 'application/json': { schema: refFor(route.response) } },
        },
        ...(validated && {
          '400': errorResponse(
            name === 'messages.list'
              ? 'bad_request: invalid parameter or search query'
              : 'bad_request',
          ),
        }),
        ...(route.params && { '404': errorResponse('not_found') }),
        ...COMMON_ERRORS,
      },
    };
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Beanpost API',
      version,
      description:
        'The loopback HTTP API of Beanpost, the offline notification-mail pipeline. ' +
        'Errors are { error: { code, message } }. See docs/api.md for search syntax and security.',
    },
    // No credentials on loopback (the default); the token only when bound beyond it.
    security: [{}, { token: [] }],
    paths: { ...paths, ...byteOperations(), [EVENTS_PATH]: eventsOperation() },
    components: {
      schemas: Object.fromEntries(
        Object.entries(schemas).map(([id, schema]) => [
          id,
          withoutSchemaKeywords(schema as JsonSchema),
        ]),
      ),
      securitySchemes: {
        token: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Only when bound beyond loopback: the token printed at start (a cookie set by /?token= works too).',
        },
      },
    },
  };
}
