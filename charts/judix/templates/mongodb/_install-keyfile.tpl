{{/* The init container that hands mongod its keyfile (files/mongodb/install-keyfile.sh says why). */}}
{{- define "judix.mongodb.installKeyfile" -}}
{{- $m := .Values.mongodb -}}
name: install-keyfile
image: {{ include "judix.image" (dict "image" $m.image "ctx" .) }}
imagePullPolicy: {{ $m.image.pullPolicy }}
command: ["sh", "/scripts/install-keyfile.sh"]
resources:
  requests:
    cpu: 10m
    memory: 16Mi
  limits:
    memory: 64Mi
{{- include "judix.containerSecurityContext" (dict "ctx" . "component" "mongodb") }}
volumeMounts:
  - name: scripts
    mountPath: /scripts
  - name: keyfile-secret
    mountPath: /secret
    readOnly: true
  - name: keyfile
    mountPath: /keyfile
{{- end -}}
