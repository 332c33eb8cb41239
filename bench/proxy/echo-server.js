// WebSocket echo backend for the proxy benchmark (npm "ws"); also answers plain HTTP with 200.
const http = require("http");
const { WebSocketServer } = require(require.resolve("ws", { paths: [process.env.NPM_DIR] }));
const server = http.createServer((req, res) => res.end("ok"));
const wss = new WebSocketServer({ server });
wss.on("connection", (ws) => ws.on("message", (data, binary) => ws.send(data, { binary })));
server.listen(Number(process.argv[2]), "127.0.0.1");
