#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The TLS lab tests' certificates, into DIR: a CA (ca.pem, ca.key), a server certificate for
# 127.0.0.1 signed by it (server.pem, server.key), and an unrelated self-signed one
# (other.pem, other.key), and a client certificate signed by the CA with no common name, as
# etcd's JSON gateway needs it (client.pem, client.key). Valid from 2000 to 2099 whatever the clocks say: etcd and etcdctl
# (static Go programs) keep the real time when a test runs under faketime, so "from now"
# would be the future for one of them.
#
#   tests/helpers/make-test-certificates.sh DIR
set -euo pipefail
cd "$1"
cat > ca.cnf <<'CONF'
[ca]
default_ca = test
[test]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
[any]
commonName = supplied
[client]
organizationName = supplied
[client_cert]
extendedKeyUsage = clientAuth
[ca_cert]
basicConstraints = critical,CA:true
keyUsage = keyCertSign,cRLSign
CONF
: > index.txt
echo 01 > serial
dates=(-startdate 20000101000000Z -enddate 20991231235959Z)
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1"; }
sign() { openssl ca -batch -notext -config ca.cnf "${dates[@]}" "$@" 2>/dev/null; }

key ca.key
openssl req -new -key ca.key -subj '/CN=devlatch test CA' -out ca.csr
sign -selfsign -keyfile ca.key -in ca.csr -out ca.pem -extensions ca_cert -extfile ca.cnf
key server.key
openssl req -new -key server.key -subj '/CN=127.0.0.1' -addext 'subjectAltName=IP:127.0.0.1' -out server.csr
sign -cert ca.pem -keyfile ca.key -in server.csr -out server.pem
key other.key
openssl req -new -key other.key -subj '/CN=someone else' -out other.csr
sign -selfsign -keyfile other.key -in other.csr -out other.pem -extensions ca_cert -extfile ca.cnf
key client.key
openssl req -new -key client.key -subj '/O=devlatch lab client' -out client.csr
sign -cert ca.pem -keyfile ca.key -policy client -in client.csr -out client.pem -extensions client_cert -extfile ca.cnf
openssl verify -CAfile ca.pem server.pem >/dev/null
openssl verify -CAfile ca.pem client.pem >/dev/null
