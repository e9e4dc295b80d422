import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import { DiscoveryService } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { EVENT_TYPES } from '@gridwall/shared';
import { PUBLIC_KEY, ROLES_KEY } from '../auth/roles.decorator';
import { READ_ROLES } from '../auth/principal';
import { APP_VERSION } from './build-info';

/** Where the OpenAPI document is served: the UI, and the document as JSON and YAML. */
export const OPENAPI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = '/api/docs-json';

type Parameter = { name: string; in: string; required?: boolean; schema?: Schema; description?: string };
type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  tags?: string[];
  security?: Record<string, string[]>[];
  description?: string;
  summary?: string;
  responses?: Record<string, unknown>;
  'x-roles'?: string[];
};

const VERBS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

const ERROR_SHAPE = {
  type: 'object',
  description: 'Every error (api.md): the HTTP status, its name, and a message naming the field or limit',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    message: { type: 'string', example: 'limit: must be a whole number, 1–500' },
  },
};

const ID = { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' };

/**
 * POST /api/events validates with its own fast validator (ingest/event-validation.ts, api.md §1)
 * rather than a DTO class: its body is described here, in outline (the per-type fields are
 * api.md's). Unknown fields are refused.
 */
const CASE_EVENT = {
  type: 'object',
  description:
    'A case lifecycle event (api.md §1). Besides these, each type has its own fields: reported: gridCode, ' +
    'category, source, title (description, reporter, location optional); rejected: reason; dispatched: ' +
    'handlerLevel, departmentCode, deadline …; unknown fields are refused with 400.',
  required: ['eventId', 'caseId', 'type', 'at'],
  properties: {
    eventId: { ...ID, description: 'idempotency key' },
    caseId: ID,
    type: { type: 'string', enum: [...EVENT_TYPES] },
    at: { type: 'string', format: 'date-time', description: 'ISO-8601 with an offset' },
  },
  additionalProperties: true,
};
const INGEST_BODY = {
  oneOf: [
    { $ref: '#/components/schemas/CaseEvent' },
    {
      type: 'object',
      required: ['events'],
      properties: { events: { type: 'array', maxItems: 5000, items: { $ref: '#/components/schemas/CaseEvent' } } },
    },
  ],
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** What the document needs to know of a handler, from the metadata the app itself runs on. */
interface HandlerInfo {
  public: boolean;
  roles: string[];
  /** The class of a whole-object `@Query()` argument, if any. */
  query?: DtoClass;
  /** The class of a whole-object `@Param()` argument, if any. */
  params?: DtoClass;
  /** The class of the `@Body()` argument, if any. */
  body?: DtoClass;
}

type DtoClass = new () => object;

/**
 * Each handler's access (the metadata the AuthGuard reads: `@Public()`, or the roles of
 * `@Roles(...)`, default the read roles) and its DTO classes, keyed by `Controller_method`, the
 * operationId @nestjs/swagger gives each operation.
 */
function handlers(app: NestExpressApplication): Map<string, HandlerInfo> {
  const out = new Map<string, HandlerInfo>();
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!type?.prototype) continue;
    for (const name of Object.getOwnPropertyNames(type.prototype)) {
      if (name === 'constructor') continue;
      const handler = (type.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const isPublic = Boolean(
        Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, type) ?? false,
      );
      const roles: string[] =
        Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, type) ?? READ_ROLES;
      const info: HandlerInfo = { public: isPublic, roles: [...roles] };
      const types = (Reflect.getMetadata('design:paramtypes', type.prototype, name) ?? []) as unknown[];
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {}) as Record<
        string,
        { index: number; data?: unknown }
      >;
      for (const [key, arg] of Object.entries(args)) {
        const kind = Number(key.split(':')[0]);
        const dto = types[arg.index];
        if (arg.data !== undefined || typeof dto !== 'function' || dto === Object) continue;
        if (kind === RouteParamtypes.QUERY) info.query = dto as DtoClass;
        if (kind === RouteParamtypes.PARAM) info.params = dto as DtoClass;
        if (kind === RouteParamtypes.BODY) info.body = dto as DtoClass;
      }
      out.set(`${type.name}_${name}`, info);
    }
  }
  return out;
}

/**
 * The JSON schema of each property of a DTO class, read from its class-validator rules (the
 * rules the ValidationPipe enforces), and whether it is required (no `@IsOptional()`, no
 * default value).
 */
export function dtoProperties(dto: DtoClass): { name: string; schema: Schema; required: boolean }[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  let defaults: Record<string, unknown> = {};
  try {
    defaults = new dto() as Record<string, unknown>;
  } catch {
    defaults = {};
  }
  const byName = new Map<string, { schema: Schema; optional: boolean }>();
  for (const r of rules) {
    const entry = byName.get(r.propertyName) ?? { schema: {}, optional: false };
    byName.set(r.propertyName, entry);
    const c = (r.constraints ?? []) as unknown[];
    const sch = entry.schema;
    switch (r.name ?? r.type) {
      case 'isOptional':
        entry.optional = true;
        break;
      case 'isInt':
        sch.type = 'integer';
        break;
      case 'isNumber':
        sch.type ??= 'number';
        break;
      case 'isBoolean':
        sch.type = 'boolean';
        break;
      case 'isString':
      case 'isNotEmpty':
        sch.type ??= 'string';
        break;
      case 'isIn':
        if (Array.isArray(c[0])) sch.enum = c[0];
        break;
      case 'matches':
        sch.type ??= 'string';
        if (c[0] instanceof RegExp) sch.pattern = c[0].source;
        break;
      case 'min':
        sch.minimum = c[0];
        break;
      case 'max':
        sch.maximum = c[0];
        break;
      case 'minLength':
        sch.minLength = c[0];
        break;
      case 'maxLength':
        sch.maxLength = c[0];
        break;
      case 'isArray':
        sch.type = 'array';
        break;
      case 'isIsoTime':
        sch.type = 'string';
        sch.format = 'date-time';
        break;
      case 'nestedValidation':
        sch.type ??= 'object';
        break;
      default:
        break;
    }
  }
  return [...byName].map(([name, { schema, optional }]) => {
    const d = defaults[name];
    if (d !== undefined && (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean')) {
      schema.default = d;
    }
    return { name, schema, required: !optional && d === undefined };
  });
}

/**
 * The OpenAPI 3 document of every HTTP route, generated by @nestjs/swagger from the
 * controllers as registered, then completed from the app's own metadata: who may call each
 * operation (bearer token and roles, or public), the error shape, tags by area.
 */
export function buildOpenApiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('gridwall API')
    .setDescription(
      [
        'The REST API of the live operations wall (网格化管理 指挥大屏): ingest of case lifecycle events, ',
        'the live figures, case details and the meeting agenda, issued assessments, administration. ',
        'Every call needs `Authorization: Bearer <token>` (a screen token, a session from POST /api/auth/login, ',
        'or an ingest key) unless marked public; `x-roles` lists the roles allowed. ',
        'The live channel (Socket.IO namespace /live) is described in docs/socket-protocol.md.',
      ].join(''),
    )
    .setVersion(APP_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'screen token, session token or ingest key' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const access = handlers(app);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: ERROR_SHAPE, CaseEvent: CASE_EVENT },
  };
  const ingest = (document.paths['/api/events'] as Record<string, Operation> | undefined)?.post;
  if (ingest) {
    ingest.requestBody ??= { content: { 'application/json': { schema: INGEST_BODY } } };
    ingest.responses = {
      ...ingest.responses,
      '200': { description: 'every event was a duplicate (stored before with the same content)' },
      '202': { description: 'new events stored (committed) and applied' },
      '409': errorResponse('an eventId was stored before with other content'),
      '413': errorResponse('more than 5,000 events, or a body over 16 MB'),
    };
  }
  for (const [path, item] of Object.entries(document.paths)) {
    const tag = /^\/(?:api\/)?([^/{]+)/.exec(path)?.[1] ?? 'other';
    for (const verb of VERBS) {
      const op = (item as Record<string, Operation | undefined>)[verb];
      if (!op) continue;
      op.tags = op.tags?.length ? op.tags : [tag];
      const who = op.operationId ? access.get(op.operationId) : undefined;
      describeArguments(document, path, op, who);
      const responses = (op.responses ??= {});
      if (who?.public) {
        op.security = [];
        op['x-roles'] = [];
      } else {
        op.security = [{ bearer: [] }];
        op['x-roles'] = who?.roles ?? [...READ_ROLES];
        responses['401'] ??= errorResponse('no token, or an unknown, expired or revoked one');
        responses['403'] ??= errorResponse(`a role other than ${op['x-roles'].join(', ')}`);
      }
      if (verb !== 'get' || path.includes('{')) responses['400'] ??= errorResponse('a field is wrong (named)');
      responses['503'] ??= errorResponse('the database does not answer; `Retry-After` says when to retry');
    }
  }
  return document;
}

/**
 * Completes what @nestjs/swagger cannot see without its own decorators: path parameters,
 * query parameters and body schemas, from the DTO classes' class-validator rules.
 */
function describeArguments(document: OpenAPIObject, path: string, op: Operation, who: HandlerInfo | undefined): void {
  const params = (op.parameters ??= []);
  const has = (name: string, where: string) => params.some((p) => p.name === name && p.in === where);
  const fromDto = who?.params ? new Map(dtoProperties(who.params).map((p) => [p.name, p.schema])) : new Map();
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    if (!has(name!, 'path')) {
      params.push({ name: name!, in: 'path', required: true, schema: fromDto.get(name!) ?? { type: 'string' } });
    }
  }
  if (who?.query) {
    for (const p of dtoProperties(who.query)) {
      const prior = params.find((x) => x.name === p.name && x.in === 'query');
      if (prior) {
        prior.schema = { ...p.schema, ...prior.schema };
        prior.required = p.required;
      } else params.push({ name: p.name, in: 'query', required: p.required, schema: p.schema });
    }
  }
  if (who?.body) {
    const name = who.body.name;
    const schemas = (document.components!.schemas ??= {}) as Record<string, Schema>;
    const props = dtoProperties(who.body);
    const existing = schemas[name] ?? {};
    if (!existing.properties || Object.keys(existing.properties as object).length === 0) {
      schemas[name] = {
        ...existing,
        type: 'object',
        properties: Object.fromEntries(props.map((p) => [p.name, p.schema])),
        required: props.filter((p) => p.required).map((p) => p.name),
      };
    }
    op.requestBody ??= { content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
  }
}

/**
 * Serves the document: Swagger UI at /api/docs, the JSON at /api/docs-json (YAML: -yaml).
 * Public, like the routes it lists: it holds no data, and every route still checks its token.
 */
export function serveOpenApi(app: NestExpressApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    // No external validator badge (the CSP allows same-origin images only).
    swaggerOptions: { validatorUrl: null },
  });
}

/** `GET /api/cases/:caseId` → ['get', '/api/cases/{caseId}']: a route as the document names it. */
export function openApiPathOf(method: string, expressPath: string): [string, string] {
  return [method.toLowerCase(), expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}')];
}
