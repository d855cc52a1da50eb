#!/bin/sh
# mongod refuses a keyfile that group or others can read, and a Secret volume cannot hand one over
# owned by mongod's user with mode 0400 (fsGroup adds group read). So an init container, running as
# mongod's user, copies it into an in-memory emptyDir with the mode mongod demands.
set -eu
cp /secret/mongodb-keyfile /keyfile/keyfile
chmod 0400 /keyfile/keyfile
