/* A `provided` runtime in plain C: the bootstrap of the echo function used by the workers tests
 * and benchmark. It speaks the Lambda Runtime API over one keep-alive connection and answers
 * every event with the event itself, so its own work per invocation is close to nothing and a
 * round trip measures tern. _HANDLER "exit" makes it exit with status 3 during INIT. */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static int sock = -1;
static char in[1 << 16];
static size_t in_start = 0, in_end = 0;

static void die(const char* what) {
  fprintf(stderr, "echo bootstrap: %s\n", what);
  exit(2);
}

static void send_all(const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(sock, data, size);
    if (n <= 0) die("write failed");
    data += n;
    size -= (size_t)n;
  }
}

static int fill(void) {
  if (in_start > 0) {
    memmove(in, in + in_start, in_end - in_start);
    in_end -= in_start;
    in_start = 0;
  }
  if (in_end == sizeof in) die("header too large");
  ssize_t n = read(sock, in + in_end, sizeof in - in_end);
  if (n <= 0) die("connection closed");
  in_end += (size_t)n;
  return 1;
}

/* Reads one response: returns the body (malloc'd, *size set) and copies the request id. */
static char* read_response(char* request_id, size_t id_size, size_t* size) {
  char* head_end;
  for (;;) {
    in[in_end < sizeof in ? in_end : sizeof in - 1] = '\0';
    head_end = strstr(in + in_start, "\r\n\r\n");
    if (head_end) break;
    fill();
  }
  size_t length = 0;
  request_id[0] = '\0';
  for (char* line = strstr(in + in_start, "\r\n") + 2; line < head_end;) {
    char* eol = strstr(line, "\r\n");
    if (strncasecmp(line, "Content-Length:", 15) == 0) length = strtoul(line + 15, NULL, 10);
    if (strncasecmp(line, "Lambda-Runtime-Aws-Request-Id:", 30) == 0) {
      char* v = line + 30;
      while (*v == ' ') ++v;
      size_t n = (size_t)(eol - v);
      if (n >= id_size) n = id_size - 1;
      memcpy(request_id, v, n);
      request_id[n] = '\0';
    }
    line = eol + 2;
  }
  in_start = (size_t)(head_end + 4 - in);
  char* body = malloc(length + 1);
  size_t got = 0;
  while (got < length) {
    if (in_start == in_end) {
      in_start = in_end = 0;
      ssize_t n = read(sock, in, sizeof in);
      if (n <= 0) die("connection closed in body");
      in_end = (size_t)n;
    }
    size_t take = in_end - in_start;
    if (take > length - got) take = length - got;
    memcpy(body + got, in + in_start, take);
    got += take;
    in_start += take;
  }
  body[length] = '\0';
  *size = length;
  return body;
}

int main(void) {
  const char* handler = getenv("_HANDLER");
  if (handler && strcmp(handler, "exit") == 0) return 3;
  const char* api = getenv("AWS_LAMBDA_RUNTIME_API");
  if (!api) die("AWS_LAMBDA_RUNTIME_API is not set");
  const char* colon = strrchr(api, ':');
  if (!colon) die("bad AWS_LAMBDA_RUNTIME_API");
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)atoi(colon + 1));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sock = socket(AF_INET, SOCK_STREAM, 0);
  if (sock < 0 || connect(sock, (struct sockaddr*)&addr, sizeof addr) != 0) die("connect failed");
  int one = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  static const char next[] =
      "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: runtime\r\n\r\n";
  char id[128], ignored_id[128];
  for (;;) {
    send_all(next, sizeof next - 1);
    size_t size = 0;
    char* event = read_response(id, sizeof id, &size);
    char head[512];
    int n = snprintf(head, sizeof head,
                     "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: runtime\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     id, size);
    char* message = malloc((size_t)n + size);
    memcpy(message, head, (size_t)n);
    memcpy(message + n, event, size);
    send_all(message, (size_t)n + size);
    free(message);
    free(event);
    size_t ack_size = 0;
    free(read_response(ignored_id, sizeof ignored_id, &ack_size));
  }
}
