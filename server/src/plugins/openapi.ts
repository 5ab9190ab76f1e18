/** The OpenAPI document, generated from the routes' zod schemas, and a browsable page. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export default fp(async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Mesa API', version: '0.1.0', description: 'Participatory co-creation of open-government action plans.' },
      components: { securitySchemes: { csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI (React) adds <style> elements as it renders, so its pages, and only its pages,
    // take inline styles; scripts stay 'self' and framing stays refused (security-headers.ts).
    transformStaticCSP: (header) => header.replace(/(^|;)style-src 'self'/, "$1style-src 'self' 'unsafe-inline'"),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}, { name: 'openapi' });
