import { INestApplication } from '@nestjs/common';
import compression from 'compression';
import express from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { documentCommonAnswers } from './common/api-common-answers';
import { ErrorBody, FieldProblemView } from './common/api-responses';
import { routesOf } from './auth/route-access.check';
import { verifyJsonBody } from './common/json-body';
import { JsonLogger } from './common/json-logger';
import { createValidationPipe } from './common/validation';
import { requestContext } from './common/request-context.middleware';
import { securityHeaders } from './common/security-headers';
import { MetricsService } from './metrics/metrics.service';
import { AppConfig } from './config/app-config';
import { mountQueueDashboard } from './jobs/queue-dashboard';

/** Builds the HTTP application exactly as production runs it; tests call this too. */
export async function createApiApp(
  config: AppConfig,
  logger = new JsonLogger(config.logLevel, 'api'),
) {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    bufferLogs: true,
    bodyParser: false,
  });
  configureApiApp(app, config);
  await app.init();
  return app;
}

export function configureApiApp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestContext(app.get(MetricsService)));
  app.use(securityHeaders(config));
  // Express's own parser, since Nest reserves `verify`: the raw bytes are checked before parsing.
  app.use(express.json({ limit: '256kb', verify: verifyJsonBody }));
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  setupOpenApi(app, config);
  mountQueueDashboard(app);
  mountAssets(app);
}

/** The pages' scripts, styles and the chart library, compressed and cached by browsers. */
function mountAssets(app: NestExpressApplication): void {
  const root = [join(__dirname, '..', 'public'), join(__dirname, '..', '..', 'public')].find((p) =>
    existsSync(join(p, 'app.css')),
  );
  if (!root) throw new Error("The public/ folder with the pages' assets is missing");
  const chart = dirname(require.resolve('chart.js'));
  const assets = { maxAge: '1h', index: false, fallthrough: false };
  // The QR code drawing of the MFA set-up page, before the chart library's folder.
  const qr = dirname(require.resolve('qrcode-generator'));
  app.use('/assets/vendor/qrcode-generator', compression(), express.static(qr, assets));
  // The ministry map's library, loaded by the dashboard only when its map is opened.
  const leaflet = dirname(require.resolve('leaflet'));
  app.use('/assets/vendor/leaflet', compression(), express.static(leaflet, assets));
  app.use('/assets/vendor', compression(), express.static(chart, assets));
  app.use('/assets', compression(), express.static(root, assets));
  app.use(installable(root));
}

/**
 * What an installed app needs at the site's root: the manifest, and the service worker (with the
 * script it imports) whose scope is every page. Browsers check them for updates on each visit.
 */
function installable(root: string): express.Router {
  const files: Record<string, string> = {
    '/manifest.webmanifest': 'application/manifest+json',
    '/sw.js': 'text/javascript',
    '/sw-sos.js': 'text/javascript',
  };
  const router = express.Router();
  for (const [path, type] of Object.entries(files))
    router.get(path, compression(), (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.type(type).sendFile(join(root, path));
    });
  return router;
}

function setupOpenApi(app: INestApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('MedGuard API')
      .setDescription(
        'Reporting of violence against medical workers (Criminal Code Article 158-1, as proposed), ' +
          'police post alerting, evidence custody and statistics.',
      )
      .setVersion('1')
      .addServer(config.publicUrl)
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
      .build(),
    { extraModels: [ErrorBody, FieldProblemView] },
  );
  documentCommonAnswers(document, routesOf(app));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
