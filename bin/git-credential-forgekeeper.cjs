#!/usr/bin/env node
require('../dist/credential-helper.cjs');
