# Host "rl": the kernel's default ICMP rate limits (net.sh leaves them alone here), so a fast UDP
# scan of its closed ports loses most "port unreachable" answers. One TCP listener.

start_rl() {
  local hd; hd=$(host_dir rl)
  rm -rf "$hd"; mkdir -p "$hd/www"
  gt http.body >"$hd/www/index.html"
  spawn rl rl-httpd busybox httpd -f -p 80 -h "$hd/www"
  expect rl-httpd rl-httpd "curl -sf http://${HOST_V4[rl]}/ | grep -q 'portq lab http'"
}
