importScripts('/sw-sos.js');
