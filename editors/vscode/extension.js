// Starts the flywheel-policy language server ('flywheel-policy lsp') for .terms files and connects VS Code to it
// over the server's standard input and output. Nothing here is built: VS Code loads this file as it is, once
// 'npm install' has fetched vscode-languageclient (see docs/AUTHORING.md, "Editor support").
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('flywheelPolicy');
  const command = settings.get('command', 'flywheel-policy');
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'flywheelPolicy',
    'flywheel-policy terms',
    { run: server, debug: server },
    {
      documentSelector: [{ language: 'terms' }],
      initializationOptions: { collectives: settings.get('collectives', []) }
    });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
