/** `membrane serve`: the web app (graph, trace, matrix, lint, edit) on a local port, or exported as static files. */

import type { Command } from 'commander';
import { renderDiagnostic } from '../../report/diagnostics-text.js';
import { exportStaticApp } from '../../server/export.js';
import { readInputBundle } from '../../server/inputs.js';
import { DEFAULT_ADDRESS, DEFAULT_PORT, ServeError, startServer } from '../../server/server.js';
import { EXIT_USAGE, FILENAME_FLAGS, collect, type CommandContext } from '../context.js';

interface ServeOptions {
  filename?: string[];
  dns?: string;
  dnsMode: string;
  port: string;
  address: string;
  export?: string;
}

/** Resolves on Ctrl-C or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .summary('the web app: cluster graph, trace, matrix, lint and policy editor in the browser')
    .description(
      'Serve the Membrane web app on this machine. The engine runs in the browser, on the manifests given with -f ' +
        '(nothing is uploaded anywhere); without -f, drop `kubectl get -o yaml` dumps and policy files on the page, ' +
        'or open the built-in demo. Views: cluster graph, trace, matrix, lint, edit (live validation and semantic diff).\n\n' +
        `Binds ${DEFAULT_ADDRESS} unless --address says otherwise, and refuses requests that name another host or come ` +
        'from another web site (DNS rebinding). --export DIR writes the app as static files instead (with the ' +
        'manifests, when given, as workspace.json); host them on any static file server.\n\n' +
        'Exit code: 0 stopped (Ctrl-C) or exported; 2 bad usage, unreadable input, port in use, or the app is not built.',
    )
    .option(FILENAME_FLAGS, 'manifests: a file, a directory (recursive) or - for stdin; YAML or JSON, kubectl List dumps and PolicyTest files; repeat -f for several', collect)
    .option('--dns <file>', 'DNS answers for toFQDNs: a YAML/JSON map name -> [addresses] (the FQDN cache)')
    .option('--dns-mode <mode>', 'shared or learn (see membrane trace --help)', 'shared')
    .option('--port <port>', 'TCP port (0 picks a free one)', String(DEFAULT_PORT))
    .option('--address <address>', 'address to bind; anything but loopback exposes your manifests to the network', DEFAULT_ADDRESS)
    .option('--export <dir>', 'write the app as static files to DIR and exit')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  membrane serve -f examples/seed/seed-demo.yaml          # then open http://127.0.0.1:8080/\n' +
        '  kubectl get pods,ns,nodes,svc,cnp,ccnp,netpol -A -o yaml > cluster.yaml && membrane serve -f cluster.yaml --dns dns.yaml\n' +
        '  membrane serve --port 0                                  # a free port; drop files on the page\n' +
        '  membrane serve --export site/ -f policies/               # static files; serve site/ with any web server',
    )
    .action(async (opts: ServeOptions) => {
      const port = Number(opts.port);
      if (!/^\d+$/.test(opts.port) || port > 65535) return ctx.usage(`--port must be a number from 0 to 65535 (got "${opts.port}")`);
      if (opts.dnsMode !== 'shared' && opts.dnsMode !== 'learn') return ctx.usage(`--dns-mode must be shared or learn (got "${opts.dnsMode}")`);
      if (opts.dns !== undefined && !opts.filename) return ctx.usage('--dns needs manifests (-f)');
      let bundle;
      if (opts.filename) {
        const read = readInputBundle(opts.filename, opts.dns, opts.dnsMode);
        for (const d of read.diagnostics) ctx.io.err(renderDiagnostic(d));
        if (read.failed) return ctx.fail(EXIT_USAGE);
        bundle = read.bundle;
      }
      try {
        if (opts.export !== undefined) {
          const result = exportStaticApp(opts.export, bundle, undefined, (line) => ctx.io.err(line));
          ctx.io.out(`wrote ${result.files} files to ${result.dir}${bundle ? ' (with workspace.json)' : ''}; serve the directory with any static web server`);
          return;
        }
        const server = await startServer({ bundle, address: opts.address, port, log: (line) => ctx.io.err(line) });
        const files = bundle ? `${bundle.files.length} file${bundle.files.length === 1 ? '' : 's'}` : 'no manifests (drop files on the page)';
        ctx.io.out(`Membrane is serving ${files} at ${server.url}  (Ctrl-C to stop)`);
        if (opts.address !== DEFAULT_ADDRESS && opts.address !== 'localhost' && opts.address !== '::1') {
          ctx.io.err(`warning: listening on ${opts.address}: anyone who can reach this address can read the manifests`);
        }
        await untilStopped();
        await server.close();
      } catch (err) {
        if (err instanceof ServeError) {
          ctx.io.err(`error: ${err.message}`);
          return ctx.fail(EXIT_USAGE);
        }
        throw err;
      }
    });
}
