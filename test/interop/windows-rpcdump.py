#!/usr/bin/python3
# Reference client for test/interop/windows-rpc-epm.test.ts: impacket's endpoint mapper dump
# (the same calls as its examples/rpcdump.py), printed as JSON lines. rpcdump.py itself gives up on
# Samba: Samba returns every entry in the first reply and then ends the list with the status
# 0x16c9a0d6 (ept_s_not_registered), which impacket's hept_lookup raises instead of treating as
# the end. This helper runs the same ept_lookup loop and stops there.
# Usage: windows-rpcdump.py HOST [PORT]
import json
import sys

from impacket.dcerpc.v5 import epm, transport
from impacket.dcerpc.v5.rpcrt import DCERPCException

host = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 else 135
rpc = transport.DCERPCTransportFactory(r'ncacn_ip_tcp:%s[%d]' % (host, port))
dce = rpc.get_dce_rpc()
dce.connect()
dce.bind(epm.MSRPC_UUID_PORTMAP)
entries = []
entry_handle = epm.ept_lookup_handle_t()
end = 'null handle'
while True:
    request = epm.ept_lookup()
    request['inquiry_type'] = epm.RPC_C_EP_ALL_ELTS
    request['object'] = epm.NULL
    request['Ifid'] = epm.NULL
    request['vers_option'] = epm.RPC_C_VERS_ALL
    request['entry_handle'] = entry_handle
    request['max_ents'] = 500
    try:
        resp = dce.request(request)
    except DCERPCException as e:
        if e.get_error_code() == 0x16c9a0d6 and entries:
            end = 'ept_s_not_registered'
            break
        raise
    for i in range(resp['num_ents']):
        entry = resp['entries'][i]
        entries.append({
            'annotation': b''.join(entry['annotation']),
            'tower': epm.EPMTower(b''.join(entry['tower']['tower_octet_string'])),
        })
    entry_handle = resp['entry_handle']
    if entry_handle.isNull():
        break
dce.disconnect()
for entry in entries:
    floor0 = str(entry['tower']['Floors'][0])  # "UUID v1.0", as rpcdump.py groups them
    uuid, _, version = floor0.partition(' v')
    print(json.dumps({
        'uuid': uuid.lower(),
        'version': version,
        'annotation': entry['annotation'][:-1].decode('utf-8'),
        'binding': epm.PrintStringBinding(entry['tower']['Floors']),
    }))
print(json.dumps({'total': len(entries), 'end': end}))
