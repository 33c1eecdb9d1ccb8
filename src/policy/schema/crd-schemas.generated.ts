// generated: do not edit. Regenerate with `npx tsx tools/gen-crd-schemas.ts [crd-directory]`.
//
// The v2 `schema.openAPIV3Schema` of the Cilium policy CRDs, descriptions removed.
// Source: GitHub repository cilium/cilium, path pkg/k8s/apis/cilium.io/client/crds/v2/,
// commit aeb2d1b68e0e0bb36fc48f262bbc75c4903c19e8 (corpus folder main-1.20.0-dev), files:
//   ciliumnetworkpolicies.yaml
//   ciliumclusterwidenetworkpolicies.yaml
// The CRDs are licensed under the Apache License 2.0 (root LICENSE of cilium/cilium).

import type { OpenApiSchema } from './openapi-schema.js';

/** CiliumNetworkPolicy (ciliumnetworkpolicies.yaml), version v2. */
export const ciliumNetworkPolicySchema: OpenApiSchema = {
 "properties": {
  "apiVersion": {
   "type": "string"
  },
  "kind": {
   "type": "string"
  },
  "metadata": {
   "type": "object"
  },
  "spec": {
   "anyOf": [
    {
     "properties": {
      "ingress": {}
     },
     "required": [
      "ingress"
     ]
    },
    {
     "properties": {
      "ingressDeny": {}
     },
     "required": [
      "ingressDeny"
     ]
    },
    {
     "properties": {
      "egress": {}
     },
     "required": [
      "egress"
     ]
    },
    {
     "properties": {
      "egressDeny": {}
     },
     "required": [
      "egressDeny"
     ]
    }
   ],
   "oneOf": [
    {
     "properties": {
      "endpointSelector": {}
     },
     "required": [
      "endpointSelector"
     ]
    },
    {
     "properties": {
      "nodeSelector": {}
     },
     "required": [
      "nodeSelector"
     ]
    }
   ],
   "properties": {
    "description": {
     "type": "string"
    },
    "egress": {
     "items": {
      "properties": {
       "authentication": {
        "properties": {
         "mode": {
          "enum": [
           "disabled",
           "required",
           "test-always-fail"
          ],
          "type": "string"
         }
        },
        "required": [
         "mode"
        ],
        "type": "object"
       },
       "icmps": {
        "items": {
         "properties": {
          "fields": {
           "items": {
            "properties": {
             "family": {
              "default": "IPv4",
              "enum": [
               "IPv4",
               "IPv6"
              ],
              "type": "string"
             },
             "type": {
              "anyOf": [
               {
                "type": "integer"
               },
               {
                "type": "string"
               }
              ],
              "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
              "x-kubernetes-int-or-string": true
             }
            },
            "required": [
             "type"
            ],
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toCIDR": {
        "items": {
         "format": "cidr",
         "type": "string"
        },
        "type": "array"
       },
       "toCIDRSet": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "cidr": {}
           },
           "required": [
            "cidr"
           ]
          },
          {
           "properties": {
            "cidrGroupRef": {}
           },
           "required": [
            "cidrGroupRef"
           ]
          },
          {
           "properties": {
            "cidrGroupSelector": {}
           },
           "required": [
            "cidrGroupSelector"
           ]
          }
         ],
         "properties": {
          "cidr": {
           "format": "cidr",
           "type": "string"
          },
          "cidrGroupRef": {
           "maxLength": 253,
           "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
           "type": "string"
          },
          "cidrGroupSelector": {
           "properties": {
            "matchExpressions": {
             "items": {
              "properties": {
               "key": {
                "type": "string"
               },
               "operator": {
                "enum": [
                 "In",
                 "NotIn",
                 "Exists",
                 "DoesNotExist"
                ],
                "type": "string"
               },
               "values": {
                "items": {
                 "type": "string"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               }
              },
              "required": [
               "key",
               "operator"
              ],
              "type": "object"
             },
             "type": "array",
             "x-kubernetes-list-type": "atomic"
            },
            "matchLabels": {
             "additionalProperties": {
              "maxLength": 63,
              "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
              "type": "string"
             },
             "type": "object"
            }
           },
           "type": "object",
           "x-kubernetes-map-type": "atomic"
          },
          "except": {
           "items": {
            "format": "cidr",
            "type": "string"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toEndpoints": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "toEntities": {
        "items": {
         "enum": [
          "all",
          "world",
          "cluster",
          "host",
          "init",
          "ingress",
          "unmanaged",
          "remote-node",
          "health",
          "none",
          "kube-apiserver"
         ],
         "type": "string"
        },
        "type": "array"
       },
       "toFQDNs": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "matchName": {}
           },
           "required": [
            "matchName"
           ]
          },
          {
           "properties": {
            "matchPattern": {}
           },
           "required": [
            "matchPattern"
           ]
          }
         ],
         "properties": {
          "matchName": {
           "maxLength": 255,
           "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
           "type": "string"
          },
          "matchPattern": {
           "maxLength": 255,
           "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
           "type": "string"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toGroups": {
        "items": {
         "properties": {
          "aws": {
           "properties": {
            "labels": {
             "additionalProperties": {
              "type": "string"
             },
             "type": "object"
            },
            "region": {
             "type": "string"
            },
            "securityGroupsIds": {
             "items": {
              "type": "string"
             },
             "type": "array"
            },
            "securityGroupsNames": {
             "items": {
              "type": "string"
             },
             "type": "array"
            }
           },
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toNodes": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "toPorts": {
        "items": {
         "properties": {
          "listener": {
           "properties": {
            "envoyConfig": {
             "properties": {
              "kind": {
               "enum": [
                "CiliumEnvoyConfig",
                "CiliumClusterwideEnvoyConfig"
               ],
               "type": "string"
              },
              "name": {
               "minLength": 1,
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "name": {
             "minLength": 1,
             "type": "string"
            },
            "priority": {
             "maximum": 100,
             "minimum": 1,
             "type": "integer"
            }
           },
           "required": [
            "envoyConfig",
            "name"
           ],
           "type": "object"
          },
          "originatingTLS": {
           "properties": {
            "certificate": {
             "type": "string"
            },
            "privateKey": {
             "type": "string"
            },
            "secret": {
             "properties": {
              "name": {
               "type": "string"
              },
              "namespace": {
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "trustedCA": {
             "type": "string"
            }
           },
           "required": [
            "secret"
           ],
           "type": "object"
          },
          "ports": {
           "items": {
            "properties": {
             "endPort": {
              "format": "int32",
              "maximum": 65535,
              "minimum": 0,
              "type": "integer"
             },
             "port": {
              "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
              "type": "string"
             },
             "protocol": {
              "enum": [
               "TCP",
               "UDP",
               "SCTP",
               "VRRP",
               "IGMP",
               "GRE",
               "IPIP",
               "IPV6",
               "ESP",
               "AH",
               "ANY"
              ],
              "type": "string"
             }
            },
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          },
          "rules": {
           "oneOf": [
            {
             "properties": {
              "http": {}
             },
             "required": [
              "http"
             ]
            },
            {
             "properties": {
              "dns": {}
             },
             "required": [
              "dns"
             ]
            }
           ],
           "properties": {
            "dns": {
             "items": {
              "oneOf": [
               {
                "properties": {
                 "matchName": {}
                },
                "required": [
                 "matchName"
                ]
               },
               {
                "properties": {
                 "matchPattern": {}
                },
                "required": [
                 "matchPattern"
                ]
               }
              ],
              "properties": {
               "matchName": {
                "maxLength": 255,
                "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
                "type": "string"
               },
               "matchPattern": {
                "maxLength": 255,
                "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
                "type": "string"
               }
              },
              "type": "object"
             },
             "type": "array"
            },
            "http": {
             "items": {
              "properties": {
               "headerMatches": {
                "items": {
                 "properties": {
                  "mismatch": {
                   "enum": [
                    "LOG",
                    "ADD",
                    "DELETE",
                    "REPLACE"
                   ],
                   "type": "string"
                  },
                  "name": {
                   "minLength": 1,
                   "type": "string"
                  },
                  "secret": {
                   "properties": {
                    "name": {
                     "type": "string"
                    },
                    "namespace": {
                     "type": "string"
                    }
                   },
                   "required": [
                    "name"
                   ],
                   "type": "object"
                  },
                  "value": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "name"
                 ],
                 "type": "object"
                },
                "type": "array"
               },
               "headers": {
                "items": {
                 "type": "string"
                },
                "type": "array"
               },
               "host": {
                "format": "idn-hostname",
                "type": "string"
               },
               "method": {
                "type": "string"
               },
               "path": {
                "type": "string"
               }
              },
              "type": "object"
             },
             "type": "array"
            }
           },
           "type": "object"
          },
          "serverNames": {
           "items": {
            "maxLength": 255,
            "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
            "type": "string"
           },
           "minItems": 1,
           "type": "array",
           "x-kubernetes-list-type": "set"
          },
          "terminatingTLS": {
           "properties": {
            "certificate": {
             "type": "string"
            },
            "privateKey": {
             "type": "string"
            },
            "secret": {
             "properties": {
              "name": {
               "type": "string"
              },
              "namespace": {
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "trustedCA": {
             "type": "string"
            }
           },
           "required": [
            "secret"
           ],
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toRequires": {
        "items": {
         "type": "string"
        },
        "maxItems": 0,
        "type": "array"
       },
       "toServices": {
        "items": {
         "properties": {
          "k8sService": {
           "properties": {
            "namespace": {
             "type": "string"
            },
            "serviceName": {
             "type": "string"
            }
           },
           "type": "object"
          },
          "k8sServiceSelector": {
           "properties": {
            "namespace": {
             "type": "string"
            },
            "selector": {
             "properties": {
              "matchExpressions": {
               "items": {
                "properties": {
                 "key": {
                  "type": "string"
                 },
                 "operator": {
                  "enum": [
                   "In",
                   "NotIn",
                   "Exists",
                   "DoesNotExist"
                  ],
                  "type": "string"
                 },
                 "values": {
                  "items": {
                   "type": "string"
                  },
                  "type": "array",
                  "x-kubernetes-list-type": "atomic"
                 }
                },
                "required": [
                 "key",
                 "operator"
                ],
                "type": "object"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              },
              "matchLabels": {
               "additionalProperties": {
                "maxLength": 63,
                "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
                "type": "string"
               },
               "type": "object"
              }
             },
             "type": "object",
             "x-kubernetes-map-type": "atomic"
            }
           },
           "required": [
            "selector"
           ],
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       }
      },
      "type": "object"
     },
     "type": "array"
    },
    "egressDeny": {
     "items": {
      "properties": {
       "icmps": {
        "items": {
         "properties": {
          "fields": {
           "items": {
            "properties": {
             "family": {
              "default": "IPv4",
              "enum": [
               "IPv4",
               "IPv6"
              ],
              "type": "string"
             },
             "type": {
              "anyOf": [
               {
                "type": "integer"
               },
               {
                "type": "string"
               }
              ],
              "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
              "x-kubernetes-int-or-string": true
             }
            },
            "required": [
             "type"
            ],
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toCIDR": {
        "items": {
         "format": "cidr",
         "type": "string"
        },
        "type": "array"
       },
       "toCIDRSet": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "cidr": {}
           },
           "required": [
            "cidr"
           ]
          },
          {
           "properties": {
            "cidrGroupRef": {}
           },
           "required": [
            "cidrGroupRef"
           ]
          },
          {
           "properties": {
            "cidrGroupSelector": {}
           },
           "required": [
            "cidrGroupSelector"
           ]
          }
         ],
         "properties": {
          "cidr": {
           "format": "cidr",
           "type": "string"
          },
          "cidrGroupRef": {
           "maxLength": 253,
           "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
           "type": "string"
          },
          "cidrGroupSelector": {
           "properties": {
            "matchExpressions": {
             "items": {
              "properties": {
               "key": {
                "type": "string"
               },
               "operator": {
                "enum": [
                 "In",
                 "NotIn",
                 "Exists",
                 "DoesNotExist"
                ],
                "type": "string"
               },
               "values": {
                "items": {
                 "type": "string"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               }
              },
              "required": [
               "key",
               "operator"
              ],
              "type": "object"
             },
             "type": "array",
             "x-kubernetes-list-type": "atomic"
            },
            "matchLabels": {
             "additionalProperties": {
              "maxLength": 63,
              "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
              "type": "string"
             },
             "type": "object"
            }
           },
           "type": "object",
           "x-kubernetes-map-type": "atomic"
          },
          "except": {
           "items": {
            "format": "cidr",
            "type": "string"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toEndpoints": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "toEntities": {
        "items": {
         "enum": [
          "all",
          "world",
          "cluster",
          "host",
          "init",
          "ingress",
          "unmanaged",
          "remote-node",
          "health",
          "none",
          "kube-apiserver"
         ],
         "type": "string"
        },
        "type": "array"
       },
       "toGroups": {
        "items": {
         "properties": {
          "aws": {
           "properties": {
            "labels": {
             "additionalProperties": {
              "type": "string"
             },
             "type": "object"
            },
            "region": {
             "type": "string"
            },
            "securityGroupsIds": {
             "items": {
              "type": "string"
             },
             "type": "array"
            },
            "securityGroupsNames": {
             "items": {
              "type": "string"
             },
             "type": "array"
            }
           },
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toNodes": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "toPorts": {
        "items": {
         "properties": {
          "ports": {
           "items": {
            "properties": {
             "endPort": {
              "format": "int32",
              "maximum": 65535,
              "minimum": 0,
              "type": "integer"
             },
             "port": {
              "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
              "type": "string"
             },
             "protocol": {
              "enum": [
               "TCP",
               "UDP",
               "SCTP",
               "VRRP",
               "IGMP",
               "GRE",
               "IPIP",
               "IPV6",
               "ESP",
               "AH",
               "ANY"
              ],
              "type": "string"
             }
            },
            "type": "object"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toRequires": {
        "items": {
         "type": "string"
        },
        "maxItems": 0,
        "type": "array"
       },
       "toServices": {
        "items": {
         "properties": {
          "k8sService": {
           "properties": {
            "namespace": {
             "type": "string"
            },
            "serviceName": {
             "type": "string"
            }
           },
           "type": "object"
          },
          "k8sServiceSelector": {
           "properties": {
            "namespace": {
             "type": "string"
            },
            "selector": {
             "properties": {
              "matchExpressions": {
               "items": {
                "properties": {
                 "key": {
                  "type": "string"
                 },
                 "operator": {
                  "enum": [
                   "In",
                   "NotIn",
                   "Exists",
                   "DoesNotExist"
                  ],
                  "type": "string"
                 },
                 "values": {
                  "items": {
                   "type": "string"
                  },
                  "type": "array",
                  "x-kubernetes-list-type": "atomic"
                 }
                },
                "required": [
                 "key",
                 "operator"
                ],
                "type": "object"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              },
              "matchLabels": {
               "additionalProperties": {
                "maxLength": 63,
                "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
                "type": "string"
               },
               "type": "object"
              }
             },
             "type": "object",
             "x-kubernetes-map-type": "atomic"
            }
           },
           "required": [
            "selector"
           ],
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       }
      },
      "type": "object"
     },
     "type": "array"
    },
    "enableDefaultDeny": {
     "properties": {
      "egress": {
       "type": "boolean"
      },
      "ingress": {
       "type": "boolean"
      }
     },
     "type": "object"
    },
    "endpointSelector": {
     "properties": {
      "matchExpressions": {
       "items": {
        "properties": {
         "key": {
          "type": "string"
         },
         "operator": {
          "enum": [
           "In",
           "NotIn",
           "Exists",
           "DoesNotExist"
          ],
          "type": "string"
         },
         "values": {
          "items": {
           "type": "string"
          },
          "type": "array",
          "x-kubernetes-list-type": "atomic"
         }
        },
        "required": [
         "key",
         "operator"
        ],
        "type": "object"
       },
       "type": "array",
       "x-kubernetes-list-type": "atomic"
      },
      "matchLabels": {
       "additionalProperties": {
        "maxLength": 63,
        "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
        "type": "string"
       },
       "type": "object"
      }
     },
     "type": "object",
     "x-kubernetes-map-type": "atomic"
    },
    "ingress": {
     "items": {
      "properties": {
       "authentication": {
        "properties": {
         "mode": {
          "enum": [
           "disabled",
           "required",
           "test-always-fail"
          ],
          "type": "string"
         }
        },
        "required": [
         "mode"
        ],
        "type": "object"
       },
       "fromCIDR": {
        "items": {
         "format": "cidr",
         "type": "string"
        },
        "type": "array"
       },
       "fromCIDRSet": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "cidr": {}
           },
           "required": [
            "cidr"
           ]
          },
          {
           "properties": {
            "cidrGroupRef": {}
           },
           "required": [
            "cidrGroupRef"
           ]
          },
          {
           "properties": {
            "cidrGroupSelector": {}
           },
           "required": [
            "cidrGroupSelector"
           ]
          }
         ],
         "properties": {
          "cidr": {
           "format": "cidr",
           "type": "string"
          },
          "cidrGroupRef": {
           "maxLength": 253,
           "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
           "type": "string"
          },
          "cidrGroupSelector": {
           "properties": {
            "matchExpressions": {
             "items": {
              "properties": {
               "key": {
                "type": "string"
               },
               "operator": {
                "enum": [
                 "In",
                 "NotIn",
                 "Exists",
                 "DoesNotExist"
                ],
                "type": "string"
               },
               "values": {
                "items": {
                 "type": "string"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               }
              },
              "required": [
               "key",
               "operator"
              ],
              "type": "object"
             },
             "type": "array",
             "x-kubernetes-list-type": "atomic"
            },
            "matchLabels": {
             "additionalProperties": {
              "maxLength": 63,
              "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
              "type": "string"
             },
             "type": "object"
            }
           },
           "type": "object",
           "x-kubernetes-map-type": "atomic"
          },
          "except": {
           "items": {
            "format": "cidr",
            "type": "string"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "fromEndpoints": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "fromEntities": {
        "items": {
         "enum": [
          "all",
          "world",
          "cluster",
          "host",
          "init",
          "ingress",
          "unmanaged",
          "remote-node",
          "health",
          "none",
          "kube-apiserver"
         ],
         "type": "string"
        },
        "type": "array"
       },
       "fromGroups": {
        "items": {
         "properties": {
          "aws": {
           "properties": {
            "labels": {
             "additionalProperties": {
              "type": "string"
             },
             "type": "object"
            },
            "region": {
             "type": "string"
            },
            "securityGroupsIds": {
             "items": {
              "type": "string"
             },
             "type": "array"
            },
            "securityGroupsNames": {
             "items": {
              "type": "string"
             },
             "type": "array"
            }
           },
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "fromNodes": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "fromRequires": {
        "items": {
         "type": "string"
        },
        "maxItems": 0,
        "type": "array"
       },
       "icmps": {
        "items": {
         "properties": {
          "fields": {
           "items": {
            "properties": {
             "family": {
              "default": "IPv4",
              "enum": [
               "IPv4",
               "IPv6"
              ],
              "type": "string"
             },
             "type": {
              "anyOf": [
               {
                "type": "integer"
               },
               {
                "type": "string"
               }
              ],
              "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
              "x-kubernetes-int-or-string": true
             }
            },
            "required": [
             "type"
            ],
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toPorts": {
        "items": {
         "properties": {
          "listener": {
           "properties": {
            "envoyConfig": {
             "properties": {
              "kind": {
               "enum": [
                "CiliumEnvoyConfig",
                "CiliumClusterwideEnvoyConfig"
               ],
               "type": "string"
              },
              "name": {
               "minLength": 1,
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "name": {
             "minLength": 1,
             "type": "string"
            },
            "priority": {
             "maximum": 100,
             "minimum": 1,
             "type": "integer"
            }
           },
           "required": [
            "envoyConfig",
            "name"
           ],
           "type": "object"
          },
          "originatingTLS": {
           "properties": {
            "certificate": {
             "type": "string"
            },
            "privateKey": {
             "type": "string"
            },
            "secret": {
             "properties": {
              "name": {
               "type": "string"
              },
              "namespace": {
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "trustedCA": {
             "type": "string"
            }
           },
           "required": [
            "secret"
           ],
           "type": "object"
          },
          "ports": {
           "items": {
            "properties": {
             "endPort": {
              "format": "int32",
              "maximum": 65535,
              "minimum": 0,
              "type": "integer"
             },
             "port": {
              "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
              "type": "string"
             },
             "protocol": {
              "enum": [
               "TCP",
               "UDP",
               "SCTP",
               "VRRP",
               "IGMP",
               "GRE",
               "IPIP",
               "IPV6",
               "ESP",
               "AH",
               "ANY"
              ],
              "type": "string"
             }
            },
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          },
          "rules": {
           "oneOf": [
            {
             "properties": {
              "http": {}
             },
             "required": [
              "http"
             ]
            },
            {
             "properties": {
              "dns": {}
             },
             "required": [
              "dns"
             ]
            }
           ],
           "properties": {
            "dns": {
             "items": {
              "oneOf": [
               {
                "properties": {
                 "matchName": {}
                },
                "required": [
                 "matchName"
                ]
               },
               {
                "properties": {
                 "matchPattern": {}
                },
                "required": [
                 "matchPattern"
                ]
               }
              ],
              "properties": {
               "matchName": {
                "maxLength": 255,
                "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
                "type": "string"
               },
               "matchPattern": {
                "maxLength": 255,
                "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
                "type": "string"
               }
              },
              "type": "object"
             },
             "type": "array"
            },
            "http": {
             "items": {
              "properties": {
               "headerMatches": {
                "items": {
                 "properties": {
                  "mismatch": {
                   "enum": [
                    "LOG",
                    "ADD",
                    "DELETE",
                    "REPLACE"
                   ],
                   "type": "string"
                  },
                  "name": {
                   "minLength": 1,
                   "type": "string"
                  },
                  "secret": {
                   "properties": {
                    "name": {
                     "type": "string"
                    },
                    "namespace": {
                     "type": "string"
                    }
                   },
                   "required": [
                    "name"
                   ],
                   "type": "object"
                  },
                  "value": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "name"
                 ],
                 "type": "object"
                },
                "type": "array"
               },
               "headers": {
                "items": {
                 "type": "string"
                },
                "type": "array"
               },
               "host": {
                "format": "idn-hostname",
                "type": "string"
               },
               "method": {
                "type": "string"
               },
               "path": {
                "type": "string"
               }
              },
              "type": "object"
             },
             "type": "array"
            }
           },
           "type": "object"
          },
          "serverNames": {
           "items": {
            "maxLength": 255,
            "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
            "type": "string"
           },
           "minItems": 1,
           "type": "array",
           "x-kubernetes-list-type": "set"
          },
          "terminatingTLS": {
           "properties": {
            "certificate": {
             "type": "string"
            },
            "privateKey": {
             "type": "string"
            },
            "secret": {
             "properties": {
              "name": {
               "type": "string"
              },
              "namespace": {
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "trustedCA": {
             "type": "string"
            }
           },
           "required": [
            "secret"
           ],
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       }
      },
      "type": "object"
     },
     "type": "array"
    },
    "ingressDeny": {
     "items": {
      "properties": {
       "fromCIDR": {
        "items": {
         "format": "cidr",
         "type": "string"
        },
        "type": "array"
       },
       "fromCIDRSet": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "cidr": {}
           },
           "required": [
            "cidr"
           ]
          },
          {
           "properties": {
            "cidrGroupRef": {}
           },
           "required": [
            "cidrGroupRef"
           ]
          },
          {
           "properties": {
            "cidrGroupSelector": {}
           },
           "required": [
            "cidrGroupSelector"
           ]
          }
         ],
         "properties": {
          "cidr": {
           "format": "cidr",
           "type": "string"
          },
          "cidrGroupRef": {
           "maxLength": 253,
           "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
           "type": "string"
          },
          "cidrGroupSelector": {
           "properties": {
            "matchExpressions": {
             "items": {
              "properties": {
               "key": {
                "type": "string"
               },
               "operator": {
                "enum": [
                 "In",
                 "NotIn",
                 "Exists",
                 "DoesNotExist"
                ],
                "type": "string"
               },
               "values": {
                "items": {
                 "type": "string"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               }
              },
              "required": [
               "key",
               "operator"
              ],
              "type": "object"
             },
             "type": "array",
             "x-kubernetes-list-type": "atomic"
            },
            "matchLabels": {
             "additionalProperties": {
              "maxLength": 63,
              "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
              "type": "string"
             },
             "type": "object"
            }
           },
           "type": "object",
           "x-kubernetes-map-type": "atomic"
          },
          "except": {
           "items": {
            "format": "cidr",
            "type": "string"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "fromEndpoints": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "fromEntities": {
        "items": {
         "enum": [
          "all",
          "world",
          "cluster",
          "host",
          "init",
          "ingress",
          "unmanaged",
          "remote-node",
          "health",
          "none",
          "kube-apiserver"
         ],
         "type": "string"
        },
        "type": "array"
       },
       "fromGroups": {
        "items": {
         "properties": {
          "aws": {
           "properties": {
            "labels": {
             "additionalProperties": {
              "type": "string"
             },
             "type": "object"
            },
            "region": {
             "type": "string"
            },
            "securityGroupsIds": {
             "items": {
              "type": "string"
             },
             "type": "array"
            },
            "securityGroupsNames": {
             "items": {
              "type": "string"
             },
             "type": "array"
            }
           },
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "fromNodes": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "fromRequires": {
        "items": {
         "type": "string"
        },
        "maxItems": 0,
        "type": "array"
       },
       "icmps": {
        "items": {
         "properties": {
          "fields": {
           "items": {
            "properties": {
             "family": {
              "default": "IPv4",
              "enum": [
               "IPv4",
               "IPv6"
              ],
              "type": "string"
             },
             "type": {
              "anyOf": [
               {
                "type": "integer"
               },
               {
                "type": "string"
               }
              ],
              "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
              "x-kubernetes-int-or-string": true
             }
            },
            "required": [
             "type"
            ],
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toPorts": {
        "items": {
         "properties": {
          "ports": {
           "items": {
            "properties": {
             "endPort": {
              "format": "int32",
              "maximum": 65535,
              "minimum": 0,
              "type": "integer"
             },
             "port": {
              "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
              "type": "string"
             },
             "protocol": {
              "enum": [
               "TCP",
               "UDP",
               "SCTP",
               "VRRP",
               "IGMP",
               "GRE",
               "IPIP",
               "IPV6",
               "ESP",
               "AH",
               "ANY"
              ],
              "type": "string"
             }
            },
            "type": "object"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       }
      },
      "type": "object"
     },
     "type": "array"
    },
    "labels": {
     "items": {
      "properties": {
       "key": {
        "type": "string"
       },
       "source": {
        "type": "string"
       },
       "value": {
        "type": "string"
       }
      },
      "required": [
       "key"
      ],
      "type": "object"
     },
     "type": "array"
    },
    "log": {
     "properties": {
      "value": {
       "maxLength": 32,
       "pattern": "^\\PC*$",
       "type": "string"
      }
     },
     "type": "object"
    },
    "nodeSelector": {
     "properties": {
      "matchExpressions": {
       "items": {
        "properties": {
         "key": {
          "type": "string"
         },
         "operator": {
          "enum": [
           "In",
           "NotIn",
           "Exists",
           "DoesNotExist"
          ],
          "type": "string"
         },
         "values": {
          "items": {
           "type": "string"
          },
          "type": "array",
          "x-kubernetes-list-type": "atomic"
         }
        },
        "required": [
         "key",
         "operator"
        ],
        "type": "object"
       },
       "type": "array",
       "x-kubernetes-list-type": "atomic"
      },
      "matchLabels": {
       "additionalProperties": {
        "maxLength": 63,
        "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
        "type": "string"
       },
       "type": "object"
      }
     },
     "type": "object",
     "x-kubernetes-map-type": "atomic"
    }
   },
   "type": "object"
  },
  "specs": {
   "items": {
    "anyOf": [
     {
      "properties": {
       "ingress": {}
      },
      "required": [
       "ingress"
      ]
     },
     {
      "properties": {
       "ingressDeny": {}
      },
      "required": [
       "ingressDeny"
      ]
     },
     {
      "properties": {
       "egress": {}
      },
      "required": [
       "egress"
      ]
     },
     {
      "properties": {
       "egressDeny": {}
      },
      "required": [
       "egressDeny"
      ]
     }
    ],
    "oneOf": [
     {
      "properties": {
       "endpointSelector": {}
      },
      "required": [
       "endpointSelector"
      ]
     },
     {
      "properties": {
       "nodeSelector": {}
      },
      "required": [
       "nodeSelector"
      ]
     }
    ],
    "properties": {
     "description": {
      "type": "string"
     },
     "egress": {
      "items": {
       "properties": {
        "authentication": {
         "properties": {
          "mode": {
           "enum": [
            "disabled",
            "required",
            "test-always-fail"
           ],
           "type": "string"
          }
         },
         "required": [
          "mode"
         ],
         "type": "object"
        },
        "icmps": {
         "items": {
          "properties": {
           "fields": {
            "items": {
             "properties": {
              "family": {
               "default": "IPv4",
               "enum": [
                "IPv4",
                "IPv6"
               ],
               "type": "string"
              },
              "type": {
               "anyOf": [
                {
                 "type": "integer"
                },
                {
                 "type": "string"
                }
               ],
               "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
               "x-kubernetes-int-or-string": true
              }
             },
             "required": [
              "type"
             ],
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toCIDR": {
         "items": {
          "format": "cidr",
          "type": "string"
         },
         "type": "array"
        },
        "toCIDRSet": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "cidr": {}
            },
            "required": [
             "cidr"
            ]
           },
           {
            "properties": {
             "cidrGroupRef": {}
            },
            "required": [
             "cidrGroupRef"
            ]
           },
           {
            "properties": {
             "cidrGroupSelector": {}
            },
            "required": [
             "cidrGroupSelector"
            ]
           }
          ],
          "properties": {
           "cidr": {
            "format": "cidr",
            "type": "string"
           },
           "cidrGroupRef": {
            "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
            "type": "string"
           },
           "cidrGroupSelector": {
            "properties": {
             "matchExpressions": {
              "items": {
               "properties": {
                "key": {
                 "type": "string"
                },
                "operator": {
                 "enum": [
                  "In",
                  "NotIn",
                  "Exists",
                  "DoesNotExist"
                 ],
                 "type": "string"
                },
                "values": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array",
                 "x-kubernetes-list-type": "atomic"
                }
               },
               "required": [
                "key",
                "operator"
               ],
               "type": "object"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             },
             "matchLabels": {
              "additionalProperties": {
               "maxLength": 63,
               "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
               "type": "string"
              },
              "type": "object"
             }
            },
            "type": "object",
            "x-kubernetes-map-type": "atomic"
           },
           "except": {
            "items": {
             "format": "cidr",
             "type": "string"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toEndpoints": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "toEntities": {
         "items": {
          "enum": [
           "all",
           "world",
           "cluster",
           "host",
           "init",
           "ingress",
           "unmanaged",
           "remote-node",
           "health",
           "none",
           "kube-apiserver"
          ],
          "type": "string"
         },
         "type": "array"
        },
        "toFQDNs": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "matchName": {}
            },
            "required": [
             "matchName"
            ]
           },
           {
            "properties": {
             "matchPattern": {}
            },
            "required": [
             "matchPattern"
            ]
           }
          ],
          "properties": {
           "matchName": {
            "maxLength": 255,
            "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
            "type": "string"
           },
           "matchPattern": {
            "maxLength": 255,
            "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
            "type": "string"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toGroups": {
         "items": {
          "properties": {
           "aws": {
            "properties": {
             "labels": {
              "additionalProperties": {
               "type": "string"
              },
              "type": "object"
             },
             "region": {
              "type": "string"
             },
             "securityGroupsIds": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "securityGroupsNames": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toNodes": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "toPorts": {
         "items": {
          "properties": {
           "listener": {
            "properties": {
             "envoyConfig": {
              "properties": {
               "kind": {
                "enum": [
                 "CiliumEnvoyConfig",
                 "CiliumClusterwideEnvoyConfig"
                ],
                "type": "string"
               },
               "name": {
                "minLength": 1,
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "name": {
              "minLength": 1,
              "type": "string"
             },
             "priority": {
              "maximum": 100,
              "minimum": 1,
              "type": "integer"
             }
            },
            "required": [
             "envoyConfig",
             "name"
            ],
            "type": "object"
           },
           "originatingTLS": {
            "properties": {
             "certificate": {
              "type": "string"
             },
             "privateKey": {
              "type": "string"
             },
             "secret": {
              "properties": {
               "name": {
                "type": "string"
               },
               "namespace": {
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "trustedCA": {
              "type": "string"
             }
            },
            "required": [
             "secret"
            ],
            "type": "object"
           },
           "ports": {
            "items": {
             "properties": {
              "endPort": {
               "format": "int32",
               "maximum": 65535,
               "minimum": 0,
               "type": "integer"
              },
              "port": {
               "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
               "type": "string"
              },
              "protocol": {
               "enum": [
                "TCP",
                "UDP",
                "SCTP",
                "VRRP",
                "IGMP",
                "GRE",
                "IPIP",
                "IPV6",
                "ESP",
                "AH",
                "ANY"
               ],
               "type": "string"
              }
             },
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           },
           "rules": {
            "oneOf": [
             {
              "properties": {
               "http": {}
              },
              "required": [
               "http"
              ]
             },
             {
              "properties": {
               "dns": {}
              },
              "required": [
               "dns"
              ]
             }
            ],
            "properties": {
             "dns": {
              "items": {
               "oneOf": [
                {
                 "properties": {
                  "matchName": {}
                 },
                 "required": [
                  "matchName"
                 ]
                },
                {
                 "properties": {
                  "matchPattern": {}
                 },
                 "required": [
                  "matchPattern"
                 ]
                }
               ],
               "properties": {
                "matchName": {
                 "maxLength": 255,
                 "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
                 "type": "string"
                },
                "matchPattern": {
                 "maxLength": 255,
                 "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
                 "type": "string"
                }
               },
               "type": "object"
              },
              "type": "array"
             },
             "http": {
              "items": {
               "properties": {
                "headerMatches": {
                 "items": {
                  "properties": {
                   "mismatch": {
                    "enum": [
                     "LOG",
                     "ADD",
                     "DELETE",
                     "REPLACE"
                    ],
                    "type": "string"
                   },
                   "name": {
                    "minLength": 1,
                    "type": "string"
                   },
                   "secret": {
                    "properties": {
                     "name": {
                      "type": "string"
                     },
                     "namespace": {
                      "type": "string"
                     }
                    },
                    "required": [
                     "name"
                    ],
                    "type": "object"
                   },
                   "value": {
                    "type": "string"
                   }
                  },
                  "required": [
                   "name"
                  ],
                  "type": "object"
                 },
                 "type": "array"
                },
                "headers": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                },
                "host": {
                 "format": "idn-hostname",
                 "type": "string"
                },
                "method": {
                 "type": "string"
                },
                "path": {
                 "type": "string"
                }
               },
               "type": "object"
              },
              "type": "array"
             }
            },
            "type": "object"
           },
           "serverNames": {
            "items": {
             "maxLength": 255,
             "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
             "type": "string"
            },
            "minItems": 1,
            "type": "array",
            "x-kubernetes-list-type": "set"
           },
           "terminatingTLS": {
            "properties": {
             "certificate": {
              "type": "string"
             },
             "privateKey": {
              "type": "string"
             },
             "secret": {
              "properties": {
               "name": {
                "type": "string"
               },
               "namespace": {
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "trustedCA": {
              "type": "string"
             }
            },
            "required": [
             "secret"
            ],
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toRequires": {
         "items": {
          "type": "string"
         },
         "maxItems": 0,
         "type": "array"
        },
        "toServices": {
         "items": {
          "properties": {
           "k8sService": {
            "properties": {
             "namespace": {
              "type": "string"
             },
             "serviceName": {
              "type": "string"
             }
            },
            "type": "object"
           },
           "k8sServiceSelector": {
            "properties": {
             "namespace": {
              "type": "string"
             },
             "selector": {
              "properties": {
               "matchExpressions": {
                "items": {
                 "properties": {
                  "key": {
                   "type": "string"
                  },
                  "operator": {
                   "enum": [
                    "In",
                    "NotIn",
                    "Exists",
                    "DoesNotExist"
                   ],
                   "type": "string"
                  },
                  "values": {
                   "items": {
                    "type": "string"
                   },
                   "type": "array",
                   "x-kubernetes-list-type": "atomic"
                  }
                 },
                 "required": [
                  "key",
                  "operator"
                 ],
                 "type": "object"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               },
               "matchLabels": {
                "additionalProperties": {
                 "maxLength": 63,
                 "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
                 "type": "string"
                },
                "type": "object"
               }
              },
              "type": "object",
              "x-kubernetes-map-type": "atomic"
             }
            },
            "required": [
             "selector"
            ],
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "egressDeny": {
      "items": {
       "properties": {
        "icmps": {
         "items": {
          "properties": {
           "fields": {
            "items": {
             "properties": {
              "family": {
               "default": "IPv4",
               "enum": [
                "IPv4",
                "IPv6"
               ],
               "type": "string"
              },
              "type": {
               "anyOf": [
                {
                 "type": "integer"
                },
                {
                 "type": "string"
                }
               ],
               "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
               "x-kubernetes-int-or-string": true
              }
             },
             "required": [
              "type"
             ],
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toCIDR": {
         "items": {
          "format": "cidr",
          "type": "string"
         },
         "type": "array"
        },
        "toCIDRSet": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "cidr": {}
            },
            "required": [
             "cidr"
            ]
           },
           {
            "properties": {
             "cidrGroupRef": {}
            },
            "required": [
             "cidrGroupRef"
            ]
           },
           {
            "properties": {
             "cidrGroupSelector": {}
            },
            "required": [
             "cidrGroupSelector"
            ]
           }
          ],
          "properties": {
           "cidr": {
            "format": "cidr",
            "type": "string"
           },
           "cidrGroupRef": {
            "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
            "type": "string"
           },
           "cidrGroupSelector": {
            "properties": {
             "matchExpressions": {
              "items": {
               "properties": {
                "key": {
                 "type": "string"
                },
                "operator": {
                 "enum": [
                  "In",
                  "NotIn",
                  "Exists",
                  "DoesNotExist"
                 ],
                 "type": "string"
                },
                "values": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array",
                 "x-kubernetes-list-type": "atomic"
                }
               },
               "required": [
                "key",
                "operator"
               ],
               "type": "object"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             },
             "matchLabels": {
              "additionalProperties": {
               "maxLength": 63,
               "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
               "type": "string"
              },
              "type": "object"
             }
            },
            "type": "object",
            "x-kubernetes-map-type": "atomic"
           },
           "except": {
            "items": {
             "format": "cidr",
             "type": "string"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toEndpoints": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "toEntities": {
         "items": {
          "enum": [
           "all",
           "world",
           "cluster",
           "host",
           "init",
           "ingress",
           "unmanaged",
           "remote-node",
           "health",
           "none",
           "kube-apiserver"
          ],
          "type": "string"
         },
         "type": "array"
        },
        "toGroups": {
         "items": {
          "properties": {
           "aws": {
            "properties": {
             "labels": {
              "additionalProperties": {
               "type": "string"
              },
              "type": "object"
             },
             "region": {
              "type": "string"
             },
             "securityGroupsIds": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "securityGroupsNames": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toNodes": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "toPorts": {
         "items": {
          "properties": {
           "ports": {
            "items": {
             "properties": {
              "endPort": {
               "format": "int32",
               "maximum": 65535,
               "minimum": 0,
               "type": "integer"
              },
              "port": {
               "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
               "type": "string"
              },
              "protocol": {
               "enum": [
                "TCP",
                "UDP",
                "SCTP",
                "VRRP",
                "IGMP",
                "GRE",
                "IPIP",
                "IPV6",
                "ESP",
                "AH",
                "ANY"
               ],
               "type": "string"
              }
             },
             "type": "object"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toRequires": {
         "items": {
          "type": "string"
         },
         "maxItems": 0,
         "type": "array"
        },
        "toServices": {
         "items": {
          "properties": {
           "k8sService": {
            "properties": {
             "namespace": {
              "type": "string"
             },
             "serviceName": {
              "type": "string"
             }
            },
            "type": "object"
           },
           "k8sServiceSelector": {
            "properties": {
             "namespace": {
              "type": "string"
             },
             "selector": {
              "properties": {
               "matchExpressions": {
                "items": {
                 "properties": {
                  "key": {
                   "type": "string"
                  },
                  "operator": {
                   "enum": [
                    "In",
                    "NotIn",
                    "Exists",
                    "DoesNotExist"
                   ],
                   "type": "string"
                  },
                  "values": {
                   "items": {
                    "type": "string"
                   },
                   "type": "array",
                   "x-kubernetes-list-type": "atomic"
                  }
                 },
                 "required": [
                  "key",
                  "operator"
                 ],
                 "type": "object"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               },
               "matchLabels": {
                "additionalProperties": {
                 "maxLength": 63,
                 "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
                 "type": "string"
                },
                "type": "object"
               }
              },
              "type": "object",
              "x-kubernetes-map-type": "atomic"
             }
            },
            "required": [
             "selector"
            ],
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "enableDefaultDeny": {
      "properties": {
       "egress": {
        "type": "boolean"
       },
       "ingress": {
        "type": "boolean"
       }
      },
      "type": "object"
     },
     "endpointSelector": {
      "properties": {
       "matchExpressions": {
        "items": {
         "properties": {
          "key": {
           "type": "string"
          },
          "operator": {
           "enum": [
            "In",
            "NotIn",
            "Exists",
            "DoesNotExist"
           ],
           "type": "string"
          },
          "values": {
           "items": {
            "type": "string"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          }
         },
         "required": [
          "key",
          "operator"
         ],
         "type": "object"
        },
        "type": "array",
        "x-kubernetes-list-type": "atomic"
       },
       "matchLabels": {
        "additionalProperties": {
         "maxLength": 63,
         "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
         "type": "string"
        },
        "type": "object"
       }
      },
      "type": "object",
      "x-kubernetes-map-type": "atomic"
     },
     "ingress": {
      "items": {
       "properties": {
        "authentication": {
         "properties": {
          "mode": {
           "enum": [
            "disabled",
            "required",
            "test-always-fail"
           ],
           "type": "string"
          }
         },
         "required": [
          "mode"
         ],
         "type": "object"
        },
        "fromCIDR": {
         "items": {
          "format": "cidr",
          "type": "string"
         },
         "type": "array"
        },
        "fromCIDRSet": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "cidr": {}
            },
            "required": [
             "cidr"
            ]
           },
           {
            "properties": {
             "cidrGroupRef": {}
            },
            "required": [
             "cidrGroupRef"
            ]
           },
           {
            "properties": {
             "cidrGroupSelector": {}
            },
            "required": [
             "cidrGroupSelector"
            ]
           }
          ],
          "properties": {
           "cidr": {
            "format": "cidr",
            "type": "string"
           },
           "cidrGroupRef": {
            "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
            "type": "string"
           },
           "cidrGroupSelector": {
            "properties": {
             "matchExpressions": {
              "items": {
               "properties": {
                "key": {
                 "type": "string"
                },
                "operator": {
                 "enum": [
                  "In",
                  "NotIn",
                  "Exists",
                  "DoesNotExist"
                 ],
                 "type": "string"
                },
                "values": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array",
                 "x-kubernetes-list-type": "atomic"
                }
               },
               "required": [
                "key",
                "operator"
               ],
               "type": "object"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             },
             "matchLabels": {
              "additionalProperties": {
               "maxLength": 63,
               "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
               "type": "string"
              },
              "type": "object"
             }
            },
            "type": "object",
            "x-kubernetes-map-type": "atomic"
           },
           "except": {
            "items": {
             "format": "cidr",
             "type": "string"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "fromEndpoints": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "fromEntities": {
         "items": {
          "enum": [
           "all",
           "world",
           "cluster",
           "host",
           "init",
           "ingress",
           "unmanaged",
           "remote-node",
           "health",
           "none",
           "kube-apiserver"
          ],
          "type": "string"
         },
         "type": "array"
        },
        "fromGroups": {
         "items": {
          "properties": {
           "aws": {
            "properties": {
             "labels": {
              "additionalProperties": {
               "type": "string"
              },
              "type": "object"
             },
             "region": {
              "type": "string"
             },
             "securityGroupsIds": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "securityGroupsNames": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "fromNodes": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "fromRequires": {
         "items": {
          "type": "string"
         },
         "maxItems": 0,
         "type": "array"
        },
        "icmps": {
         "items": {
          "properties": {
           "fields": {
            "items": {
             "properties": {
              "family": {
               "default": "IPv4",
               "enum": [
                "IPv4",
                "IPv6"
               ],
               "type": "string"
              },
              "type": {
               "anyOf": [
                {
                 "type": "integer"
                },
                {
                 "type": "string"
                }
               ],
               "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
               "x-kubernetes-int-or-string": true
              }
             },
             "required": [
              "type"
             ],
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toPorts": {
         "items": {
          "properties": {
           "listener": {
            "properties": {
             "envoyConfig": {
              "properties": {
               "kind": {
                "enum": [
                 "CiliumEnvoyConfig",
                 "CiliumClusterwideEnvoyConfig"
                ],
                "type": "string"
               },
               "name": {
                "minLength": 1,
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "name": {
              "minLength": 1,
              "type": "string"
             },
             "priority": {
              "maximum": 100,
              "minimum": 1,
              "type": "integer"
             }
            },
            "required": [
             "envoyConfig",
             "name"
            ],
            "type": "object"
           },
           "originatingTLS": {
            "properties": {
             "certificate": {
              "type": "string"
             },
             "privateKey": {
              "type": "string"
             },
             "secret": {
              "properties": {
               "name": {
                "type": "string"
               },
               "namespace": {
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "trustedCA": {
              "type": "string"
             }
            },
            "required": [
             "secret"
            ],
            "type": "object"
           },
           "ports": {
            "items": {
             "properties": {
              "endPort": {
               "format": "int32",
               "maximum": 65535,
               "minimum": 0,
               "type": "integer"
              },
              "port": {
               "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
               "type": "string"
              },
              "protocol": {
               "enum": [
                "TCP",
                "UDP",
                "SCTP",
                "VRRP",
                "IGMP",
                "GRE",
                "IPIP",
                "IPV6",
                "ESP",
                "AH",
                "ANY"
               ],
               "type": "string"
              }
             },
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           },
           "rules": {
            "oneOf": [
             {
              "properties": {
               "http": {}
              },
              "required": [
               "http"
              ]
             },
             {
              "properties": {
               "dns": {}
              },
              "required": [
               "dns"
              ]
             }
            ],
            "properties": {
             "dns": {
              "items": {
               "oneOf": [
                {
                 "properties": {
                  "matchName": {}
                 },
                 "required": [
                  "matchName"
                 ]
                },
                {
                 "properties": {
                  "matchPattern": {}
                 },
                 "required": [
                  "matchPattern"
                 ]
                }
               ],
               "properties": {
                "matchName": {
                 "maxLength": 255,
                 "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
                 "type": "string"
                },
                "matchPattern": {
                 "maxLength": 255,
                 "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
                 "type": "string"
                }
               },
               "type": "object"
              },
              "type": "array"
             },
             "http": {
              "items": {
               "properties": {
                "headerMatches": {
                 "items": {
                  "properties": {
                   "mismatch": {
                    "enum": [
                     "LOG",
                     "ADD",
                     "DELETE",
                     "REPLACE"
                    ],
                    "type": "string"
                   },
                   "name": {
                    "minLength": 1,
                    "type": "string"
                   },
                   "secret": {
                    "properties": {
                     "name": {
                      "type": "string"
                     },
                     "namespace": {
                      "type": "string"
                     }
                    },
                    "required": [
                     "name"
                    ],
                    "type": "object"
                   },
                   "value": {
                    "type": "string"
                   }
                  },
                  "required": [
                   "name"
                  ],
                  "type": "object"
                 },
                 "type": "array"
                },
                "headers": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                },
                "host": {
                 "format": "idn-hostname",
                 "type": "string"
                },
                "method": {
                 "type": "string"
                },
                "path": {
                 "type": "string"
                }
               },
               "type": "object"
              },
              "type": "array"
             }
            },
            "type": "object"
           },
           "serverNames": {
            "items": {
             "maxLength": 255,
             "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
             "type": "string"
            },
            "minItems": 1,
            "type": "array",
            "x-kubernetes-list-type": "set"
           },
           "terminatingTLS": {
            "properties": {
             "certificate": {
              "type": "string"
             },
             "privateKey": {
              "type": "string"
             },
             "secret": {
              "properties": {
               "name": {
                "type": "string"
               },
               "namespace": {
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "trustedCA": {
              "type": "string"
             }
            },
            "required": [
             "secret"
            ],
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "ingressDeny": {
      "items": {
       "properties": {
        "fromCIDR": {
         "items": {
          "format": "cidr",
          "type": "string"
         },
         "type": "array"
        },
        "fromCIDRSet": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "cidr": {}
            },
            "required": [
             "cidr"
            ]
           },
           {
            "properties": {
             "cidrGroupRef": {}
            },
            "required": [
             "cidrGroupRef"
            ]
           },
           {
            "properties": {
             "cidrGroupSelector": {}
            },
            "required": [
             "cidrGroupSelector"
            ]
           }
          ],
          "properties": {
           "cidr": {
            "format": "cidr",
            "type": "string"
           },
           "cidrGroupRef": {
            "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
            "type": "string"
           },
           "cidrGroupSelector": {
            "properties": {
             "matchExpressions": {
              "items": {
               "properties": {
                "key": {
                 "type": "string"
                },
                "operator": {
                 "enum": [
                  "In",
                  "NotIn",
                  "Exists",
                  "DoesNotExist"
                 ],
                 "type": "string"
                },
                "values": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array",
                 "x-kubernetes-list-type": "atomic"
                }
               },
               "required": [
                "key",
                "operator"
               ],
               "type": "object"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             },
             "matchLabels": {
              "additionalProperties": {
               "maxLength": 63,
               "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
               "type": "string"
              },
              "type": "object"
             }
            },
            "type": "object",
            "x-kubernetes-map-type": "atomic"
           },
           "except": {
            "items": {
             "format": "cidr",
             "type": "string"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "fromEndpoints": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "fromEntities": {
         "items": {
          "enum": [
           "all",
           "world",
           "cluster",
           "host",
           "init",
           "ingress",
           "unmanaged",
           "remote-node",
           "health",
           "none",
           "kube-apiserver"
          ],
          "type": "string"
         },
         "type": "array"
        },
        "fromGroups": {
         "items": {
          "properties": {
           "aws": {
            "properties": {
             "labels": {
              "additionalProperties": {
               "type": "string"
              },
              "type": "object"
             },
             "region": {
              "type": "string"
             },
             "securityGroupsIds": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "securityGroupsNames": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "fromNodes": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "fromRequires": {
         "items": {
          "type": "string"
         },
         "maxItems": 0,
         "type": "array"
        },
        "icmps": {
         "items": {
          "properties": {
           "fields": {
            "items": {
             "properties": {
              "family": {
               "default": "IPv4",
               "enum": [
                "IPv4",
                "IPv6"
               ],
               "type": "string"
              },
              "type": {
               "anyOf": [
                {
                 "type": "integer"
                },
                {
                 "type": "string"
                }
               ],
               "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
               "x-kubernetes-int-or-string": true
              }
             },
             "required": [
              "type"
             ],
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toPorts": {
         "items": {
          "properties": {
           "ports": {
            "items": {
             "properties": {
              "endPort": {
               "format": "int32",
               "maximum": 65535,
               "minimum": 0,
               "type": "integer"
              },
              "port": {
               "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
               "type": "string"
              },
              "protocol": {
               "enum": [
                "TCP",
                "UDP",
                "SCTP",
                "VRRP",
                "IGMP",
                "GRE",
                "IPIP",
                "IPV6",
                "ESP",
                "AH",
                "ANY"
               ],
               "type": "string"
              }
             },
             "type": "object"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "labels": {
      "items": {
       "properties": {
        "key": {
         "type": "string"
        },
        "source": {
         "type": "string"
        },
        "value": {
         "type": "string"
        }
       },
       "required": [
        "key"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "log": {
      "properties": {
       "value": {
        "maxLength": 32,
        "pattern": "^\\PC*$",
        "type": "string"
       }
      },
      "type": "object"
     },
     "nodeSelector": {
      "properties": {
       "matchExpressions": {
        "items": {
         "properties": {
          "key": {
           "type": "string"
          },
          "operator": {
           "enum": [
            "In",
            "NotIn",
            "Exists",
            "DoesNotExist"
           ],
           "type": "string"
          },
          "values": {
           "items": {
            "type": "string"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          }
         },
         "required": [
          "key",
          "operator"
         ],
         "type": "object"
        },
        "type": "array",
        "x-kubernetes-list-type": "atomic"
       },
       "matchLabels": {
        "additionalProperties": {
         "maxLength": 63,
         "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
         "type": "string"
        },
        "type": "object"
       }
      },
      "type": "object",
      "x-kubernetes-map-type": "atomic"
     }
    },
    "type": "object"
   },
   "type": "array"
  },
  "status": {
   "properties": {
    "conditions": {
     "items": {
      "properties": {
       "lastTransitionTime": {
        "format": "date-time",
        "type": "string"
       },
       "message": {
        "type": "string"
       },
       "reason": {
        "type": "string"
       },
       "status": {
        "type": "string"
       },
       "type": {
        "type": "string"
       }
      },
      "required": [
       "status",
       "type"
      ],
      "type": "object"
     },
     "type": "array",
     "x-kubernetes-list-map-keys": [
      "type"
     ],
     "x-kubernetes-list-type": "map"
    },
    "derivativePolicies": {
     "additionalProperties": {
      "properties": {
       "annotations": {
        "additionalProperties": {
         "type": "string"
        },
        "type": "object"
       },
       "enforcing": {
        "type": "boolean"
       },
       "error": {
        "type": "string"
       },
       "lastUpdated": {
        "format": "date-time",
        "type": "string"
       },
       "localPolicyRevision": {
        "format": "int64",
        "type": "integer"
       },
       "ok": {
        "type": "boolean"
       }
      },
      "type": "object"
     },
     "type": "object"
    }
   },
   "type": "object"
  }
 },
 "required": [
  "metadata"
 ],
 "type": "object",
 "x-kubernetes-validations": [
  {
   "message": "spec or specs must be provided",
   "rule": "has(self.spec) || has(self.specs)"
  }
 ]
};

/** CiliumClusterwideNetworkPolicy (ciliumclusterwidenetworkpolicies.yaml), version v2. */
export const ciliumClusterwideNetworkPolicySchema: OpenApiSchema = {
 "properties": {
  "apiVersion": {
   "type": "string"
  },
  "kind": {
   "type": "string"
  },
  "metadata": {
   "type": "object"
  },
  "spec": {
   "anyOf": [
    {
     "properties": {
      "ingress": {}
     },
     "required": [
      "ingress"
     ]
    },
    {
     "properties": {
      "ingressDeny": {}
     },
     "required": [
      "ingressDeny"
     ]
    },
    {
     "properties": {
      "egress": {}
     },
     "required": [
      "egress"
     ]
    },
    {
     "properties": {
      "egressDeny": {}
     },
     "required": [
      "egressDeny"
     ]
    }
   ],
   "oneOf": [
    {
     "properties": {
      "endpointSelector": {}
     },
     "required": [
      "endpointSelector"
     ]
    },
    {
     "properties": {
      "nodeSelector": {}
     },
     "required": [
      "nodeSelector"
     ]
    }
   ],
   "properties": {
    "description": {
     "type": "string"
    },
    "egress": {
     "items": {
      "properties": {
       "authentication": {
        "properties": {
         "mode": {
          "enum": [
           "disabled",
           "required",
           "test-always-fail"
          ],
          "type": "string"
         }
        },
        "required": [
         "mode"
        ],
        "type": "object"
       },
       "icmps": {
        "items": {
         "properties": {
          "fields": {
           "items": {
            "properties": {
             "family": {
              "default": "IPv4",
              "enum": [
               "IPv4",
               "IPv6"
              ],
              "type": "string"
             },
             "type": {
              "anyOf": [
               {
                "type": "integer"
               },
               {
                "type": "string"
               }
              ],
              "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
              "x-kubernetes-int-or-string": true
             }
            },
            "required": [
             "type"
            ],
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toCIDR": {
        "items": {
         "format": "cidr",
         "type": "string"
        },
        "type": "array"
       },
       "toCIDRSet": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "cidr": {}
           },
           "required": [
            "cidr"
           ]
          },
          {
           "properties": {
            "cidrGroupRef": {}
           },
           "required": [
            "cidrGroupRef"
           ]
          },
          {
           "properties": {
            "cidrGroupSelector": {}
           },
           "required": [
            "cidrGroupSelector"
           ]
          }
         ],
         "properties": {
          "cidr": {
           "format": "cidr",
           "type": "string"
          },
          "cidrGroupRef": {
           "maxLength": 253,
           "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
           "type": "string"
          },
          "cidrGroupSelector": {
           "properties": {
            "matchExpressions": {
             "items": {
              "properties": {
               "key": {
                "type": "string"
               },
               "operator": {
                "enum": [
                 "In",
                 "NotIn",
                 "Exists",
                 "DoesNotExist"
                ],
                "type": "string"
               },
               "values": {
                "items": {
                 "type": "string"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               }
              },
              "required": [
               "key",
               "operator"
              ],
              "type": "object"
             },
             "type": "array",
             "x-kubernetes-list-type": "atomic"
            },
            "matchLabels": {
             "additionalProperties": {
              "maxLength": 63,
              "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
              "type": "string"
             },
             "type": "object"
            }
           },
           "type": "object",
           "x-kubernetes-map-type": "atomic"
          },
          "except": {
           "items": {
            "format": "cidr",
            "type": "string"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toEndpoints": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "toEntities": {
        "items": {
         "enum": [
          "all",
          "world",
          "cluster",
          "host",
          "init",
          "ingress",
          "unmanaged",
          "remote-node",
          "health",
          "none",
          "kube-apiserver"
         ],
         "type": "string"
        },
        "type": "array"
       },
       "toFQDNs": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "matchName": {}
           },
           "required": [
            "matchName"
           ]
          },
          {
           "properties": {
            "matchPattern": {}
           },
           "required": [
            "matchPattern"
           ]
          }
         ],
         "properties": {
          "matchName": {
           "maxLength": 255,
           "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
           "type": "string"
          },
          "matchPattern": {
           "maxLength": 255,
           "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
           "type": "string"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toGroups": {
        "items": {
         "properties": {
          "aws": {
           "properties": {
            "labels": {
             "additionalProperties": {
              "type": "string"
             },
             "type": "object"
            },
            "region": {
             "type": "string"
            },
            "securityGroupsIds": {
             "items": {
              "type": "string"
             },
             "type": "array"
            },
            "securityGroupsNames": {
             "items": {
              "type": "string"
             },
             "type": "array"
            }
           },
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toNodes": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "toPorts": {
        "items": {
         "properties": {
          "listener": {
           "properties": {
            "envoyConfig": {
             "properties": {
              "kind": {
               "enum": [
                "CiliumEnvoyConfig",
                "CiliumClusterwideEnvoyConfig"
               ],
               "type": "string"
              },
              "name": {
               "minLength": 1,
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "name": {
             "minLength": 1,
             "type": "string"
            },
            "priority": {
             "maximum": 100,
             "minimum": 1,
             "type": "integer"
            }
           },
           "required": [
            "envoyConfig",
            "name"
           ],
           "type": "object"
          },
          "originatingTLS": {
           "properties": {
            "certificate": {
             "type": "string"
            },
            "privateKey": {
             "type": "string"
            },
            "secret": {
             "properties": {
              "name": {
               "type": "string"
              },
              "namespace": {
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "trustedCA": {
             "type": "string"
            }
           },
           "required": [
            "secret"
           ],
           "type": "object"
          },
          "ports": {
           "items": {
            "properties": {
             "endPort": {
              "format": "int32",
              "maximum": 65535,
              "minimum": 0,
              "type": "integer"
             },
             "port": {
              "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
              "type": "string"
             },
             "protocol": {
              "enum": [
               "TCP",
               "UDP",
               "SCTP",
               "VRRP",
               "IGMP",
               "GRE",
               "IPIP",
               "IPV6",
               "ESP",
               "AH",
               "ANY"
              ],
              "type": "string"
             }
            },
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          },
          "rules": {
           "oneOf": [
            {
             "properties": {
              "http": {}
             },
             "required": [
              "http"
             ]
            },
            {
             "properties": {
              "dns": {}
             },
             "required": [
              "dns"
             ]
            }
           ],
           "properties": {
            "dns": {
             "items": {
              "oneOf": [
               {
                "properties": {
                 "matchName": {}
                },
                "required": [
                 "matchName"
                ]
               },
               {
                "properties": {
                 "matchPattern": {}
                },
                "required": [
                 "matchPattern"
                ]
               }
              ],
              "properties": {
               "matchName": {
                "maxLength": 255,
                "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
                "type": "string"
               },
               "matchPattern": {
                "maxLength": 255,
                "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
                "type": "string"
               }
              },
              "type": "object"
             },
             "type": "array"
            },
            "http": {
             "items": {
              "properties": {
               "headerMatches": {
                "items": {
                 "properties": {
                  "mismatch": {
                   "enum": [
                    "LOG",
                    "ADD",
                    "DELETE",
                    "REPLACE"
                   ],
                   "type": "string"
                  },
                  "name": {
                   "minLength": 1,
                   "type": "string"
                  },
                  "secret": {
                   "properties": {
                    "name": {
                     "type": "string"
                    },
                    "namespace": {
                     "type": "string"
                    }
                   },
                   "required": [
                    "name"
                   ],
                   "type": "object"
                  },
                  "value": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "name"
                 ],
                 "type": "object"
                },
                "type": "array"
               },
               "headers": {
                "items": {
                 "type": "string"
                },
                "type": "array"
               },
               "host": {
                "format": "idn-hostname",
                "type": "string"
               },
               "method": {
                "type": "string"
               },
               "path": {
                "type": "string"
               }
              },
              "type": "object"
             },
             "type": "array"
            }
           },
           "type": "object"
          },
          "serverNames": {
           "items": {
            "maxLength": 255,
            "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
            "type": "string"
           },
           "minItems": 1,
           "type": "array",
           "x-kubernetes-list-type": "set"
          },
          "terminatingTLS": {
           "properties": {
            "certificate": {
             "type": "string"
            },
            "privateKey": {
             "type": "string"
            },
            "secret": {
             "properties": {
              "name": {
               "type": "string"
              },
              "namespace": {
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "trustedCA": {
             "type": "string"
            }
           },
           "required": [
            "secret"
           ],
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toRequires": {
        "items": {
         "type": "string"
        },
        "maxItems": 0,
        "type": "array"
       },
       "toServices": {
        "items": {
         "properties": {
          "k8sService": {
           "properties": {
            "namespace": {
             "type": "string"
            },
            "serviceName": {
             "type": "string"
            }
           },
           "type": "object"
          },
          "k8sServiceSelector": {
           "properties": {
            "namespace": {
             "type": "string"
            },
            "selector": {
             "properties": {
              "matchExpressions": {
               "items": {
                "properties": {
                 "key": {
                  "type": "string"
                 },
                 "operator": {
                  "enum": [
                   "In",
                   "NotIn",
                   "Exists",
                   "DoesNotExist"
                  ],
                  "type": "string"
                 },
                 "values": {
                  "items": {
                   "type": "string"
                  },
                  "type": "array",
                  "x-kubernetes-list-type": "atomic"
                 }
                },
                "required": [
                 "key",
                 "operator"
                ],
                "type": "object"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              },
              "matchLabels": {
               "additionalProperties": {
                "maxLength": 63,
                "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
                "type": "string"
               },
               "type": "object"
              }
             },
             "type": "object",
             "x-kubernetes-map-type": "atomic"
            }
           },
           "required": [
            "selector"
           ],
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       }
      },
      "type": "object"
     },
     "type": "array"
    },
    "egressDeny": {
     "items": {
      "properties": {
       "icmps": {
        "items": {
         "properties": {
          "fields": {
           "items": {
            "properties": {
             "family": {
              "default": "IPv4",
              "enum": [
               "IPv4",
               "IPv6"
              ],
              "type": "string"
             },
             "type": {
              "anyOf": [
               {
                "type": "integer"
               },
               {
                "type": "string"
               }
              ],
              "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
              "x-kubernetes-int-or-string": true
             }
            },
            "required": [
             "type"
            ],
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toCIDR": {
        "items": {
         "format": "cidr",
         "type": "string"
        },
        "type": "array"
       },
       "toCIDRSet": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "cidr": {}
           },
           "required": [
            "cidr"
           ]
          },
          {
           "properties": {
            "cidrGroupRef": {}
           },
           "required": [
            "cidrGroupRef"
           ]
          },
          {
           "properties": {
            "cidrGroupSelector": {}
           },
           "required": [
            "cidrGroupSelector"
           ]
          }
         ],
         "properties": {
          "cidr": {
           "format": "cidr",
           "type": "string"
          },
          "cidrGroupRef": {
           "maxLength": 253,
           "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
           "type": "string"
          },
          "cidrGroupSelector": {
           "properties": {
            "matchExpressions": {
             "items": {
              "properties": {
               "key": {
                "type": "string"
               },
               "operator": {
                "enum": [
                 "In",
                 "NotIn",
                 "Exists",
                 "DoesNotExist"
                ],
                "type": "string"
               },
               "values": {
                "items": {
                 "type": "string"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               }
              },
              "required": [
               "key",
               "operator"
              ],
              "type": "object"
             },
             "type": "array",
             "x-kubernetes-list-type": "atomic"
            },
            "matchLabels": {
             "additionalProperties": {
              "maxLength": 63,
              "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
              "type": "string"
             },
             "type": "object"
            }
           },
           "type": "object",
           "x-kubernetes-map-type": "atomic"
          },
          "except": {
           "items": {
            "format": "cidr",
            "type": "string"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toEndpoints": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "toEntities": {
        "items": {
         "enum": [
          "all",
          "world",
          "cluster",
          "host",
          "init",
          "ingress",
          "unmanaged",
          "remote-node",
          "health",
          "none",
          "kube-apiserver"
         ],
         "type": "string"
        },
        "type": "array"
       },
       "toGroups": {
        "items": {
         "properties": {
          "aws": {
           "properties": {
            "labels": {
             "additionalProperties": {
              "type": "string"
             },
             "type": "object"
            },
            "region": {
             "type": "string"
            },
            "securityGroupsIds": {
             "items": {
              "type": "string"
             },
             "type": "array"
            },
            "securityGroupsNames": {
             "items": {
              "type": "string"
             },
             "type": "array"
            }
           },
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toNodes": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "toPorts": {
        "items": {
         "properties": {
          "ports": {
           "items": {
            "properties": {
             "endPort": {
              "format": "int32",
              "maximum": 65535,
              "minimum": 0,
              "type": "integer"
             },
             "port": {
              "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
              "type": "string"
             },
             "protocol": {
              "enum": [
               "TCP",
               "UDP",
               "SCTP",
               "VRRP",
               "IGMP",
               "GRE",
               "IPIP",
               "IPV6",
               "ESP",
               "AH",
               "ANY"
              ],
              "type": "string"
             }
            },
            "type": "object"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toRequires": {
        "items": {
         "type": "string"
        },
        "maxItems": 0,
        "type": "array"
       },
       "toServices": {
        "items": {
         "properties": {
          "k8sService": {
           "properties": {
            "namespace": {
             "type": "string"
            },
            "serviceName": {
             "type": "string"
            }
           },
           "type": "object"
          },
          "k8sServiceSelector": {
           "properties": {
            "namespace": {
             "type": "string"
            },
            "selector": {
             "properties": {
              "matchExpressions": {
               "items": {
                "properties": {
                 "key": {
                  "type": "string"
                 },
                 "operator": {
                  "enum": [
                   "In",
                   "NotIn",
                   "Exists",
                   "DoesNotExist"
                  ],
                  "type": "string"
                 },
                 "values": {
                  "items": {
                   "type": "string"
                  },
                  "type": "array",
                  "x-kubernetes-list-type": "atomic"
                 }
                },
                "required": [
                 "key",
                 "operator"
                ],
                "type": "object"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              },
              "matchLabels": {
               "additionalProperties": {
                "maxLength": 63,
                "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
                "type": "string"
               },
               "type": "object"
              }
             },
             "type": "object",
             "x-kubernetes-map-type": "atomic"
            }
           },
           "required": [
            "selector"
           ],
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       }
      },
      "type": "object"
     },
     "type": "array"
    },
    "enableDefaultDeny": {
     "properties": {
      "egress": {
       "type": "boolean"
      },
      "ingress": {
       "type": "boolean"
      }
     },
     "type": "object"
    },
    "endpointSelector": {
     "properties": {
      "matchExpressions": {
       "items": {
        "properties": {
         "key": {
          "type": "string"
         },
         "operator": {
          "enum": [
           "In",
           "NotIn",
           "Exists",
           "DoesNotExist"
          ],
          "type": "string"
         },
         "values": {
          "items": {
           "type": "string"
          },
          "type": "array",
          "x-kubernetes-list-type": "atomic"
         }
        },
        "required": [
         "key",
         "operator"
        ],
        "type": "object"
       },
       "type": "array",
       "x-kubernetes-list-type": "atomic"
      },
      "matchLabels": {
       "additionalProperties": {
        "maxLength": 63,
        "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
        "type": "string"
       },
       "type": "object"
      }
     },
     "type": "object",
     "x-kubernetes-map-type": "atomic"
    },
    "ingress": {
     "items": {
      "properties": {
       "authentication": {
        "properties": {
         "mode": {
          "enum": [
           "disabled",
           "required",
           "test-always-fail"
          ],
          "type": "string"
         }
        },
        "required": [
         "mode"
        ],
        "type": "object"
       },
       "fromCIDR": {
        "items": {
         "format": "cidr",
         "type": "string"
        },
        "type": "array"
       },
       "fromCIDRSet": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "cidr": {}
           },
           "required": [
            "cidr"
           ]
          },
          {
           "properties": {
            "cidrGroupRef": {}
           },
           "required": [
            "cidrGroupRef"
           ]
          },
          {
           "properties": {
            "cidrGroupSelector": {}
           },
           "required": [
            "cidrGroupSelector"
           ]
          }
         ],
         "properties": {
          "cidr": {
           "format": "cidr",
           "type": "string"
          },
          "cidrGroupRef": {
           "maxLength": 253,
           "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
           "type": "string"
          },
          "cidrGroupSelector": {
           "properties": {
            "matchExpressions": {
             "items": {
              "properties": {
               "key": {
                "type": "string"
               },
               "operator": {
                "enum": [
                 "In",
                 "NotIn",
                 "Exists",
                 "DoesNotExist"
                ],
                "type": "string"
               },
               "values": {
                "items": {
                 "type": "string"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               }
              },
              "required": [
               "key",
               "operator"
              ],
              "type": "object"
             },
             "type": "array",
             "x-kubernetes-list-type": "atomic"
            },
            "matchLabels": {
             "additionalProperties": {
              "maxLength": 63,
              "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
              "type": "string"
             },
             "type": "object"
            }
           },
           "type": "object",
           "x-kubernetes-map-type": "atomic"
          },
          "except": {
           "items": {
            "format": "cidr",
            "type": "string"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "fromEndpoints": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "fromEntities": {
        "items": {
         "enum": [
          "all",
          "world",
          "cluster",
          "host",
          "init",
          "ingress",
          "unmanaged",
          "remote-node",
          "health",
          "none",
          "kube-apiserver"
         ],
         "type": "string"
        },
        "type": "array"
       },
       "fromGroups": {
        "items": {
         "properties": {
          "aws": {
           "properties": {
            "labels": {
             "additionalProperties": {
              "type": "string"
             },
             "type": "object"
            },
            "region": {
             "type": "string"
            },
            "securityGroupsIds": {
             "items": {
              "type": "string"
             },
             "type": "array"
            },
            "securityGroupsNames": {
             "items": {
              "type": "string"
             },
             "type": "array"
            }
           },
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "fromNodes": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "fromRequires": {
        "items": {
         "type": "string"
        },
        "maxItems": 0,
        "type": "array"
       },
       "icmps": {
        "items": {
         "properties": {
          "fields": {
           "items": {
            "properties": {
             "family": {
              "default": "IPv4",
              "enum": [
               "IPv4",
               "IPv6"
              ],
              "type": "string"
             },
             "type": {
              "anyOf": [
               {
                "type": "integer"
               },
               {
                "type": "string"
               }
              ],
              "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
              "x-kubernetes-int-or-string": true
             }
            },
            "required": [
             "type"
            ],
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toPorts": {
        "items": {
         "properties": {
          "listener": {
           "properties": {
            "envoyConfig": {
             "properties": {
              "kind": {
               "enum": [
                "CiliumEnvoyConfig",
                "CiliumClusterwideEnvoyConfig"
               ],
               "type": "string"
              },
              "name": {
               "minLength": 1,
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "name": {
             "minLength": 1,
             "type": "string"
            },
            "priority": {
             "maximum": 100,
             "minimum": 1,
             "type": "integer"
            }
           },
           "required": [
            "envoyConfig",
            "name"
           ],
           "type": "object"
          },
          "originatingTLS": {
           "properties": {
            "certificate": {
             "type": "string"
            },
            "privateKey": {
             "type": "string"
            },
            "secret": {
             "properties": {
              "name": {
               "type": "string"
              },
              "namespace": {
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "trustedCA": {
             "type": "string"
            }
           },
           "required": [
            "secret"
           ],
           "type": "object"
          },
          "ports": {
           "items": {
            "properties": {
             "endPort": {
              "format": "int32",
              "maximum": 65535,
              "minimum": 0,
              "type": "integer"
             },
             "port": {
              "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
              "type": "string"
             },
             "protocol": {
              "enum": [
               "TCP",
               "UDP",
               "SCTP",
               "VRRP",
               "IGMP",
               "GRE",
               "IPIP",
               "IPV6",
               "ESP",
               "AH",
               "ANY"
              ],
              "type": "string"
             }
            },
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          },
          "rules": {
           "oneOf": [
            {
             "properties": {
              "http": {}
             },
             "required": [
              "http"
             ]
            },
            {
             "properties": {
              "dns": {}
             },
             "required": [
              "dns"
             ]
            }
           ],
           "properties": {
            "dns": {
             "items": {
              "oneOf": [
               {
                "properties": {
                 "matchName": {}
                },
                "required": [
                 "matchName"
                ]
               },
               {
                "properties": {
                 "matchPattern": {}
                },
                "required": [
                 "matchPattern"
                ]
               }
              ],
              "properties": {
               "matchName": {
                "maxLength": 255,
                "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
                "type": "string"
               },
               "matchPattern": {
                "maxLength": 255,
                "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
                "type": "string"
               }
              },
              "type": "object"
             },
             "type": "array"
            },
            "http": {
             "items": {
              "properties": {
               "headerMatches": {
                "items": {
                 "properties": {
                  "mismatch": {
                   "enum": [
                    "LOG",
                    "ADD",
                    "DELETE",
                    "REPLACE"
                   ],
                   "type": "string"
                  },
                  "name": {
                   "minLength": 1,
                   "type": "string"
                  },
                  "secret": {
                   "properties": {
                    "name": {
                     "type": "string"
                    },
                    "namespace": {
                     "type": "string"
                    }
                   },
                   "required": [
                    "name"
                   ],
                   "type": "object"
                  },
                  "value": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "name"
                 ],
                 "type": "object"
                },
                "type": "array"
               },
               "headers": {
                "items": {
                 "type": "string"
                },
                "type": "array"
               },
               "host": {
                "format": "idn-hostname",
                "type": "string"
               },
               "method": {
                "type": "string"
               },
               "path": {
                "type": "string"
               }
              },
              "type": "object"
             },
             "type": "array"
            }
           },
           "type": "object"
          },
          "serverNames": {
           "items": {
            "maxLength": 255,
            "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
            "type": "string"
           },
           "minItems": 1,
           "type": "array",
           "x-kubernetes-list-type": "set"
          },
          "terminatingTLS": {
           "properties": {
            "certificate": {
             "type": "string"
            },
            "privateKey": {
             "type": "string"
            },
            "secret": {
             "properties": {
              "name": {
               "type": "string"
              },
              "namespace": {
               "type": "string"
              }
             },
             "required": [
              "name"
             ],
             "type": "object"
            },
            "trustedCA": {
             "type": "string"
            }
           },
           "required": [
            "secret"
           ],
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       }
      },
      "type": "object"
     },
     "type": "array"
    },
    "ingressDeny": {
     "items": {
      "properties": {
       "fromCIDR": {
        "items": {
         "format": "cidr",
         "type": "string"
        },
        "type": "array"
       },
       "fromCIDRSet": {
        "items": {
         "oneOf": [
          {
           "properties": {
            "cidr": {}
           },
           "required": [
            "cidr"
           ]
          },
          {
           "properties": {
            "cidrGroupRef": {}
           },
           "required": [
            "cidrGroupRef"
           ]
          },
          {
           "properties": {
            "cidrGroupSelector": {}
           },
           "required": [
            "cidrGroupSelector"
           ]
          }
         ],
         "properties": {
          "cidr": {
           "format": "cidr",
           "type": "string"
          },
          "cidrGroupRef": {
           "maxLength": 253,
           "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
           "type": "string"
          },
          "cidrGroupSelector": {
           "properties": {
            "matchExpressions": {
             "items": {
              "properties": {
               "key": {
                "type": "string"
               },
               "operator": {
                "enum": [
                 "In",
                 "NotIn",
                 "Exists",
                 "DoesNotExist"
                ],
                "type": "string"
               },
               "values": {
                "items": {
                 "type": "string"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               }
              },
              "required": [
               "key",
               "operator"
              ],
              "type": "object"
             },
             "type": "array",
             "x-kubernetes-list-type": "atomic"
            },
            "matchLabels": {
             "additionalProperties": {
              "maxLength": 63,
              "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
              "type": "string"
             },
             "type": "object"
            }
           },
           "type": "object",
           "x-kubernetes-map-type": "atomic"
          },
          "except": {
           "items": {
            "format": "cidr",
            "type": "string"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "fromEndpoints": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "fromEntities": {
        "items": {
         "enum": [
          "all",
          "world",
          "cluster",
          "host",
          "init",
          "ingress",
          "unmanaged",
          "remote-node",
          "health",
          "none",
          "kube-apiserver"
         ],
         "type": "string"
        },
        "type": "array"
       },
       "fromGroups": {
        "items": {
         "properties": {
          "aws": {
           "properties": {
            "labels": {
             "additionalProperties": {
              "type": "string"
             },
             "type": "object"
            },
            "region": {
             "type": "string"
            },
            "securityGroupsIds": {
             "items": {
              "type": "string"
             },
             "type": "array"
            },
            "securityGroupsNames": {
             "items": {
              "type": "string"
             },
             "type": "array"
            }
           },
           "type": "object"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "fromNodes": {
        "items": {
         "properties": {
          "matchExpressions": {
           "items": {
            "properties": {
             "key": {
              "type": "string"
             },
             "operator": {
              "enum": [
               "In",
               "NotIn",
               "Exists",
               "DoesNotExist"
              ],
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             }
            },
            "required": [
             "key",
             "operator"
            ],
            "type": "object"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          },
          "matchLabels": {
           "additionalProperties": {
            "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
            "type": "string"
           },
           "type": "object"
          }
         },
         "type": "object",
         "x-kubernetes-map-type": "atomic"
        },
        "type": "array"
       },
       "fromRequires": {
        "items": {
         "type": "string"
        },
        "maxItems": 0,
        "type": "array"
       },
       "icmps": {
        "items": {
         "properties": {
          "fields": {
           "items": {
            "properties": {
             "family": {
              "default": "IPv4",
              "enum": [
               "IPv4",
               "IPv6"
              ],
              "type": "string"
             },
             "type": {
              "anyOf": [
               {
                "type": "integer"
               },
               {
                "type": "string"
               }
              ],
              "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
              "x-kubernetes-int-or-string": true
             }
            },
            "required": [
             "type"
            ],
            "type": "object"
           },
           "maxItems": 40,
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       },
       "toPorts": {
        "items": {
         "properties": {
          "ports": {
           "items": {
            "properties": {
             "endPort": {
              "format": "int32",
              "maximum": 65535,
              "minimum": 0,
              "type": "integer"
             },
             "port": {
              "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
              "type": "string"
             },
             "protocol": {
              "enum": [
               "TCP",
               "UDP",
               "SCTP",
               "VRRP",
               "IGMP",
               "GRE",
               "IPIP",
               "IPV6",
               "ESP",
               "AH",
               "ANY"
              ],
              "type": "string"
             }
            },
            "type": "object"
           },
           "type": "array"
          }
         },
         "type": "object"
        },
        "type": "array"
       }
      },
      "type": "object"
     },
     "type": "array"
    },
    "labels": {
     "items": {
      "properties": {
       "key": {
        "type": "string"
       },
       "source": {
        "type": "string"
       },
       "value": {
        "type": "string"
       }
      },
      "required": [
       "key"
      ],
      "type": "object"
     },
     "type": "array"
    },
    "log": {
     "properties": {
      "value": {
       "maxLength": 32,
       "pattern": "^\\PC*$",
       "type": "string"
      }
     },
     "type": "object"
    },
    "nodeSelector": {
     "properties": {
      "matchExpressions": {
       "items": {
        "properties": {
         "key": {
          "type": "string"
         },
         "operator": {
          "enum": [
           "In",
           "NotIn",
           "Exists",
           "DoesNotExist"
          ],
          "type": "string"
         },
         "values": {
          "items": {
           "type": "string"
          },
          "type": "array",
          "x-kubernetes-list-type": "atomic"
         }
        },
        "required": [
         "key",
         "operator"
        ],
        "type": "object"
       },
       "type": "array",
       "x-kubernetes-list-type": "atomic"
      },
      "matchLabels": {
       "additionalProperties": {
        "maxLength": 63,
        "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
        "type": "string"
       },
       "type": "object"
      }
     },
     "type": "object",
     "x-kubernetes-map-type": "atomic"
    }
   },
   "type": "object"
  },
  "specs": {
   "items": {
    "anyOf": [
     {
      "properties": {
       "ingress": {}
      },
      "required": [
       "ingress"
      ]
     },
     {
      "properties": {
       "ingressDeny": {}
      },
      "required": [
       "ingressDeny"
      ]
     },
     {
      "properties": {
       "egress": {}
      },
      "required": [
       "egress"
      ]
     },
     {
      "properties": {
       "egressDeny": {}
      },
      "required": [
       "egressDeny"
      ]
     }
    ],
    "oneOf": [
     {
      "properties": {
       "endpointSelector": {}
      },
      "required": [
       "endpointSelector"
      ]
     },
     {
      "properties": {
       "nodeSelector": {}
      },
      "required": [
       "nodeSelector"
      ]
     }
    ],
    "properties": {
     "description": {
      "type": "string"
     },
     "egress": {
      "items": {
       "properties": {
        "authentication": {
         "properties": {
          "mode": {
           "enum": [
            "disabled",
            "required",
            "test-always-fail"
           ],
           "type": "string"
          }
         },
         "required": [
          "mode"
         ],
         "type": "object"
        },
        "icmps": {
         "items": {
          "properties": {
           "fields": {
            "items": {
             "properties": {
              "family": {
               "default": "IPv4",
               "enum": [
                "IPv4",
                "IPv6"
               ],
               "type": "string"
              },
              "type": {
               "anyOf": [
                {
                 "type": "integer"
                },
                {
                 "type": "string"
                }
               ],
               "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
               "x-kubernetes-int-or-string": true
              }
             },
             "required": [
              "type"
             ],
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toCIDR": {
         "items": {
          "format": "cidr",
          "type": "string"
         },
         "type": "array"
        },
        "toCIDRSet": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "cidr": {}
            },
            "required": [
             "cidr"
            ]
           },
           {
            "properties": {
             "cidrGroupRef": {}
            },
            "required": [
             "cidrGroupRef"
            ]
           },
           {
            "properties": {
             "cidrGroupSelector": {}
            },
            "required": [
             "cidrGroupSelector"
            ]
           }
          ],
          "properties": {
           "cidr": {
            "format": "cidr",
            "type": "string"
           },
           "cidrGroupRef": {
            "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
            "type": "string"
           },
           "cidrGroupSelector": {
            "properties": {
             "matchExpressions": {
              "items": {
               "properties": {
                "key": {
                 "type": "string"
                },
                "operator": {
                 "enum": [
                  "In",
                  "NotIn",
                  "Exists",
                  "DoesNotExist"
                 ],
                 "type": "string"
                },
                "values": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array",
                 "x-kubernetes-list-type": "atomic"
                }
               },
               "required": [
                "key",
                "operator"
               ],
               "type": "object"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             },
             "matchLabels": {
              "additionalProperties": {
               "maxLength": 63,
               "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
               "type": "string"
              },
              "type": "object"
             }
            },
            "type": "object",
            "x-kubernetes-map-type": "atomic"
           },
           "except": {
            "items": {
             "format": "cidr",
             "type": "string"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toEndpoints": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "toEntities": {
         "items": {
          "enum": [
           "all",
           "world",
           "cluster",
           "host",
           "init",
           "ingress",
           "unmanaged",
           "remote-node",
           "health",
           "none",
           "kube-apiserver"
          ],
          "type": "string"
         },
         "type": "array"
        },
        "toFQDNs": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "matchName": {}
            },
            "required": [
             "matchName"
            ]
           },
           {
            "properties": {
             "matchPattern": {}
            },
            "required": [
             "matchPattern"
            ]
           }
          ],
          "properties": {
           "matchName": {
            "maxLength": 255,
            "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
            "type": "string"
           },
           "matchPattern": {
            "maxLength": 255,
            "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
            "type": "string"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toGroups": {
         "items": {
          "properties": {
           "aws": {
            "properties": {
             "labels": {
              "additionalProperties": {
               "type": "string"
              },
              "type": "object"
             },
             "region": {
              "type": "string"
             },
             "securityGroupsIds": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "securityGroupsNames": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toNodes": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "toPorts": {
         "items": {
          "properties": {
           "listener": {
            "properties": {
             "envoyConfig": {
              "properties": {
               "kind": {
                "enum": [
                 "CiliumEnvoyConfig",
                 "CiliumClusterwideEnvoyConfig"
                ],
                "type": "string"
               },
               "name": {
                "minLength": 1,
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "name": {
              "minLength": 1,
              "type": "string"
             },
             "priority": {
              "maximum": 100,
              "minimum": 1,
              "type": "integer"
             }
            },
            "required": [
             "envoyConfig",
             "name"
            ],
            "type": "object"
           },
           "originatingTLS": {
            "properties": {
             "certificate": {
              "type": "string"
             },
             "privateKey": {
              "type": "string"
             },
             "secret": {
              "properties": {
               "name": {
                "type": "string"
               },
               "namespace": {
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "trustedCA": {
              "type": "string"
             }
            },
            "required": [
             "secret"
            ],
            "type": "object"
           },
           "ports": {
            "items": {
             "properties": {
              "endPort": {
               "format": "int32",
               "maximum": 65535,
               "minimum": 0,
               "type": "integer"
              },
              "port": {
               "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
               "type": "string"
              },
              "protocol": {
               "enum": [
                "TCP",
                "UDP",
                "SCTP",
                "VRRP",
                "IGMP",
                "GRE",
                "IPIP",
                "IPV6",
                "ESP",
                "AH",
                "ANY"
               ],
               "type": "string"
              }
             },
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           },
           "rules": {
            "oneOf": [
             {
              "properties": {
               "http": {}
              },
              "required": [
               "http"
              ]
             },
             {
              "properties": {
               "dns": {}
              },
              "required": [
               "dns"
              ]
             }
            ],
            "properties": {
             "dns": {
              "items": {
               "oneOf": [
                {
                 "properties": {
                  "matchName": {}
                 },
                 "required": [
                  "matchName"
                 ]
                },
                {
                 "properties": {
                  "matchPattern": {}
                 },
                 "required": [
                  "matchPattern"
                 ]
                }
               ],
               "properties": {
                "matchName": {
                 "maxLength": 255,
                 "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
                 "type": "string"
                },
                "matchPattern": {
                 "maxLength": 255,
                 "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
                 "type": "string"
                }
               },
               "type": "object"
              },
              "type": "array"
             },
             "http": {
              "items": {
               "properties": {
                "headerMatches": {
                 "items": {
                  "properties": {
                   "mismatch": {
                    "enum": [
                     "LOG",
                     "ADD",
                     "DELETE",
                     "REPLACE"
                    ],
                    "type": "string"
                   },
                   "name": {
                    "minLength": 1,
                    "type": "string"
                   },
                   "secret": {
                    "properties": {
                     "name": {
                      "type": "string"
                     },
                     "namespace": {
                      "type": "string"
                     }
                    },
                    "required": [
                     "name"
                    ],
                    "type": "object"
                   },
                   "value": {
                    "type": "string"
                   }
                  },
                  "required": [
                   "name"
                  ],
                  "type": "object"
                 },
                 "type": "array"
                },
                "headers": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                },
                "host": {
                 "format": "idn-hostname",
                 "type": "string"
                },
                "method": {
                 "type": "string"
                },
                "path": {
                 "type": "string"
                }
               },
               "type": "object"
              },
              "type": "array"
             }
            },
            "type": "object"
           },
           "serverNames": {
            "items": {
             "maxLength": 255,
             "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
             "type": "string"
            },
            "minItems": 1,
            "type": "array",
            "x-kubernetes-list-type": "set"
           },
           "terminatingTLS": {
            "properties": {
             "certificate": {
              "type": "string"
             },
             "privateKey": {
              "type": "string"
             },
             "secret": {
              "properties": {
               "name": {
                "type": "string"
               },
               "namespace": {
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "trustedCA": {
              "type": "string"
             }
            },
            "required": [
             "secret"
            ],
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toRequires": {
         "items": {
          "type": "string"
         },
         "maxItems": 0,
         "type": "array"
        },
        "toServices": {
         "items": {
          "properties": {
           "k8sService": {
            "properties": {
             "namespace": {
              "type": "string"
             },
             "serviceName": {
              "type": "string"
             }
            },
            "type": "object"
           },
           "k8sServiceSelector": {
            "properties": {
             "namespace": {
              "type": "string"
             },
             "selector": {
              "properties": {
               "matchExpressions": {
                "items": {
                 "properties": {
                  "key": {
                   "type": "string"
                  },
                  "operator": {
                   "enum": [
                    "In",
                    "NotIn",
                    "Exists",
                    "DoesNotExist"
                   ],
                   "type": "string"
                  },
                  "values": {
                   "items": {
                    "type": "string"
                   },
                   "type": "array",
                   "x-kubernetes-list-type": "atomic"
                  }
                 },
                 "required": [
                  "key",
                  "operator"
                 ],
                 "type": "object"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               },
               "matchLabels": {
                "additionalProperties": {
                 "maxLength": 63,
                 "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
                 "type": "string"
                },
                "type": "object"
               }
              },
              "type": "object",
              "x-kubernetes-map-type": "atomic"
             }
            },
            "required": [
             "selector"
            ],
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "egressDeny": {
      "items": {
       "properties": {
        "icmps": {
         "items": {
          "properties": {
           "fields": {
            "items": {
             "properties": {
              "family": {
               "default": "IPv4",
               "enum": [
                "IPv4",
                "IPv6"
               ],
               "type": "string"
              },
              "type": {
               "anyOf": [
                {
                 "type": "integer"
                },
                {
                 "type": "string"
                }
               ],
               "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
               "x-kubernetes-int-or-string": true
              }
             },
             "required": [
              "type"
             ],
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toCIDR": {
         "items": {
          "format": "cidr",
          "type": "string"
         },
         "type": "array"
        },
        "toCIDRSet": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "cidr": {}
            },
            "required": [
             "cidr"
            ]
           },
           {
            "properties": {
             "cidrGroupRef": {}
            },
            "required": [
             "cidrGroupRef"
            ]
           },
           {
            "properties": {
             "cidrGroupSelector": {}
            },
            "required": [
             "cidrGroupSelector"
            ]
           }
          ],
          "properties": {
           "cidr": {
            "format": "cidr",
            "type": "string"
           },
           "cidrGroupRef": {
            "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
            "type": "string"
           },
           "cidrGroupSelector": {
            "properties": {
             "matchExpressions": {
              "items": {
               "properties": {
                "key": {
                 "type": "string"
                },
                "operator": {
                 "enum": [
                  "In",
                  "NotIn",
                  "Exists",
                  "DoesNotExist"
                 ],
                 "type": "string"
                },
                "values": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array",
                 "x-kubernetes-list-type": "atomic"
                }
               },
               "required": [
                "key",
                "operator"
               ],
               "type": "object"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             },
             "matchLabels": {
              "additionalProperties": {
               "maxLength": 63,
               "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
               "type": "string"
              },
              "type": "object"
             }
            },
            "type": "object",
            "x-kubernetes-map-type": "atomic"
           },
           "except": {
            "items": {
             "format": "cidr",
             "type": "string"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toEndpoints": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "toEntities": {
         "items": {
          "enum": [
           "all",
           "world",
           "cluster",
           "host",
           "init",
           "ingress",
           "unmanaged",
           "remote-node",
           "health",
           "none",
           "kube-apiserver"
          ],
          "type": "string"
         },
         "type": "array"
        },
        "toGroups": {
         "items": {
          "properties": {
           "aws": {
            "properties": {
             "labels": {
              "additionalProperties": {
               "type": "string"
              },
              "type": "object"
             },
             "region": {
              "type": "string"
             },
             "securityGroupsIds": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "securityGroupsNames": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toNodes": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "toPorts": {
         "items": {
          "properties": {
           "ports": {
            "items": {
             "properties": {
              "endPort": {
               "format": "int32",
               "maximum": 65535,
               "minimum": 0,
               "type": "integer"
              },
              "port": {
               "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
               "type": "string"
              },
              "protocol": {
               "enum": [
                "TCP",
                "UDP",
                "SCTP",
                "VRRP",
                "IGMP",
                "GRE",
                "IPIP",
                "IPV6",
                "ESP",
                "AH",
                "ANY"
               ],
               "type": "string"
              }
             },
             "type": "object"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toRequires": {
         "items": {
          "type": "string"
         },
         "maxItems": 0,
         "type": "array"
        },
        "toServices": {
         "items": {
          "properties": {
           "k8sService": {
            "properties": {
             "namespace": {
              "type": "string"
             },
             "serviceName": {
              "type": "string"
             }
            },
            "type": "object"
           },
           "k8sServiceSelector": {
            "properties": {
             "namespace": {
              "type": "string"
             },
             "selector": {
              "properties": {
               "matchExpressions": {
                "items": {
                 "properties": {
                  "key": {
                   "type": "string"
                  },
                  "operator": {
                   "enum": [
                    "In",
                    "NotIn",
                    "Exists",
                    "DoesNotExist"
                   ],
                   "type": "string"
                  },
                  "values": {
                   "items": {
                    "type": "string"
                   },
                   "type": "array",
                   "x-kubernetes-list-type": "atomic"
                  }
                 },
                 "required": [
                  "key",
                  "operator"
                 ],
                 "type": "object"
                },
                "type": "array",
                "x-kubernetes-list-type": "atomic"
               },
               "matchLabels": {
                "additionalProperties": {
                 "maxLength": 63,
                 "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
                 "type": "string"
                },
                "type": "object"
               }
              },
              "type": "object",
              "x-kubernetes-map-type": "atomic"
             }
            },
            "required": [
             "selector"
            ],
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "enableDefaultDeny": {
      "properties": {
       "egress": {
        "type": "boolean"
       },
       "ingress": {
        "type": "boolean"
       }
      },
      "type": "object"
     },
     "endpointSelector": {
      "properties": {
       "matchExpressions": {
        "items": {
         "properties": {
          "key": {
           "type": "string"
          },
          "operator": {
           "enum": [
            "In",
            "NotIn",
            "Exists",
            "DoesNotExist"
           ],
           "type": "string"
          },
          "values": {
           "items": {
            "type": "string"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          }
         },
         "required": [
          "key",
          "operator"
         ],
         "type": "object"
        },
        "type": "array",
        "x-kubernetes-list-type": "atomic"
       },
       "matchLabels": {
        "additionalProperties": {
         "maxLength": 63,
         "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
         "type": "string"
        },
        "type": "object"
       }
      },
      "type": "object",
      "x-kubernetes-map-type": "atomic"
     },
     "ingress": {
      "items": {
       "properties": {
        "authentication": {
         "properties": {
          "mode": {
           "enum": [
            "disabled",
            "required",
            "test-always-fail"
           ],
           "type": "string"
          }
         },
         "required": [
          "mode"
         ],
         "type": "object"
        },
        "fromCIDR": {
         "items": {
          "format": "cidr",
          "type": "string"
         },
         "type": "array"
        },
        "fromCIDRSet": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "cidr": {}
            },
            "required": [
             "cidr"
            ]
           },
           {
            "properties": {
             "cidrGroupRef": {}
            },
            "required": [
             "cidrGroupRef"
            ]
           },
           {
            "properties": {
             "cidrGroupSelector": {}
            },
            "required": [
             "cidrGroupSelector"
            ]
           }
          ],
          "properties": {
           "cidr": {
            "format": "cidr",
            "type": "string"
           },
           "cidrGroupRef": {
            "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
            "type": "string"
           },
           "cidrGroupSelector": {
            "properties": {
             "matchExpressions": {
              "items": {
               "properties": {
                "key": {
                 "type": "string"
                },
                "operator": {
                 "enum": [
                  "In",
                  "NotIn",
                  "Exists",
                  "DoesNotExist"
                 ],
                 "type": "string"
                },
                "values": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array",
                 "x-kubernetes-list-type": "atomic"
                }
               },
               "required": [
                "key",
                "operator"
               ],
               "type": "object"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             },
             "matchLabels": {
              "additionalProperties": {
               "maxLength": 63,
               "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
               "type": "string"
              },
              "type": "object"
             }
            },
            "type": "object",
            "x-kubernetes-map-type": "atomic"
           },
           "except": {
            "items": {
             "format": "cidr",
             "type": "string"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "fromEndpoints": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "fromEntities": {
         "items": {
          "enum": [
           "all",
           "world",
           "cluster",
           "host",
           "init",
           "ingress",
           "unmanaged",
           "remote-node",
           "health",
           "none",
           "kube-apiserver"
          ],
          "type": "string"
         },
         "type": "array"
        },
        "fromGroups": {
         "items": {
          "properties": {
           "aws": {
            "properties": {
             "labels": {
              "additionalProperties": {
               "type": "string"
              },
              "type": "object"
             },
             "region": {
              "type": "string"
             },
             "securityGroupsIds": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "securityGroupsNames": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "fromNodes": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "fromRequires": {
         "items": {
          "type": "string"
         },
         "maxItems": 0,
         "type": "array"
        },
        "icmps": {
         "items": {
          "properties": {
           "fields": {
            "items": {
             "properties": {
              "family": {
               "default": "IPv4",
               "enum": [
                "IPv4",
                "IPv6"
               ],
               "type": "string"
              },
              "type": {
               "anyOf": [
                {
                 "type": "integer"
                },
                {
                 "type": "string"
                }
               ],
               "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
               "x-kubernetes-int-or-string": true
              }
             },
             "required": [
              "type"
             ],
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toPorts": {
         "items": {
          "properties": {
           "listener": {
            "properties": {
             "envoyConfig": {
              "properties": {
               "kind": {
                "enum": [
                 "CiliumEnvoyConfig",
                 "CiliumClusterwideEnvoyConfig"
                ],
                "type": "string"
               },
               "name": {
                "minLength": 1,
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "name": {
              "minLength": 1,
              "type": "string"
             },
             "priority": {
              "maximum": 100,
              "minimum": 1,
              "type": "integer"
             }
            },
            "required": [
             "envoyConfig",
             "name"
            ],
            "type": "object"
           },
           "originatingTLS": {
            "properties": {
             "certificate": {
              "type": "string"
             },
             "privateKey": {
              "type": "string"
             },
             "secret": {
              "properties": {
               "name": {
                "type": "string"
               },
               "namespace": {
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "trustedCA": {
              "type": "string"
             }
            },
            "required": [
             "secret"
            ],
            "type": "object"
           },
           "ports": {
            "items": {
             "properties": {
              "endPort": {
               "format": "int32",
               "maximum": 65535,
               "minimum": 0,
               "type": "integer"
              },
              "port": {
               "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
               "type": "string"
              },
              "protocol": {
               "enum": [
                "TCP",
                "UDP",
                "SCTP",
                "VRRP",
                "IGMP",
                "GRE",
                "IPIP",
                "IPV6",
                "ESP",
                "AH",
                "ANY"
               ],
               "type": "string"
              }
             },
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           },
           "rules": {
            "oneOf": [
             {
              "properties": {
               "http": {}
              },
              "required": [
               "http"
              ]
             },
             {
              "properties": {
               "dns": {}
              },
              "required": [
               "dns"
              ]
             }
            ],
            "properties": {
             "dns": {
              "items": {
               "oneOf": [
                {
                 "properties": {
                  "matchName": {}
                 },
                 "required": [
                  "matchName"
                 ]
                },
                {
                 "properties": {
                  "matchPattern": {}
                 },
                 "required": [
                  "matchPattern"
                 ]
                }
               ],
               "properties": {
                "matchName": {
                 "maxLength": 255,
                 "pattern": "^([-a-zA-Z0-9_]+[.]?)+$",
                 "type": "string"
                },
                "matchPattern": {
                 "maxLength": 255,
                 "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
                 "type": "string"
                }
               },
               "type": "object"
              },
              "type": "array"
             },
             "http": {
              "items": {
               "properties": {
                "headerMatches": {
                 "items": {
                  "properties": {
                   "mismatch": {
                    "enum": [
                     "LOG",
                     "ADD",
                     "DELETE",
                     "REPLACE"
                    ],
                    "type": "string"
                   },
                   "name": {
                    "minLength": 1,
                    "type": "string"
                   },
                   "secret": {
                    "properties": {
                     "name": {
                      "type": "string"
                     },
                     "namespace": {
                      "type": "string"
                     }
                    },
                    "required": [
                     "name"
                    ],
                    "type": "object"
                   },
                   "value": {
                    "type": "string"
                   }
                  },
                  "required": [
                   "name"
                  ],
                  "type": "object"
                 },
                 "type": "array"
                },
                "headers": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                },
                "host": {
                 "format": "idn-hostname",
                 "type": "string"
                },
                "method": {
                 "type": "string"
                },
                "path": {
                 "type": "string"
                }
               },
               "type": "object"
              },
              "type": "array"
             }
            },
            "type": "object"
           },
           "serverNames": {
            "items": {
             "maxLength": 255,
             "pattern": "^([-a-zA-Z0-9_*]+[.]?)+$",
             "type": "string"
            },
            "minItems": 1,
            "type": "array",
            "x-kubernetes-list-type": "set"
           },
           "terminatingTLS": {
            "properties": {
             "certificate": {
              "type": "string"
             },
             "privateKey": {
              "type": "string"
             },
             "secret": {
              "properties": {
               "name": {
                "type": "string"
               },
               "namespace": {
                "type": "string"
               }
              },
              "required": [
               "name"
              ],
              "type": "object"
             },
             "trustedCA": {
              "type": "string"
             }
            },
            "required": [
             "secret"
            ],
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "ingressDeny": {
      "items": {
       "properties": {
        "fromCIDR": {
         "items": {
          "format": "cidr",
          "type": "string"
         },
         "type": "array"
        },
        "fromCIDRSet": {
         "items": {
          "oneOf": [
           {
            "properties": {
             "cidr": {}
            },
            "required": [
             "cidr"
            ]
           },
           {
            "properties": {
             "cidrGroupRef": {}
            },
            "required": [
             "cidrGroupRef"
            ]
           },
           {
            "properties": {
             "cidrGroupSelector": {}
            },
            "required": [
             "cidrGroupSelector"
            ]
           }
          ],
          "properties": {
           "cidr": {
            "format": "cidr",
            "type": "string"
           },
           "cidrGroupRef": {
            "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
            "type": "string"
           },
           "cidrGroupSelector": {
            "properties": {
             "matchExpressions": {
              "items": {
               "properties": {
                "key": {
                 "type": "string"
                },
                "operator": {
                 "enum": [
                  "In",
                  "NotIn",
                  "Exists",
                  "DoesNotExist"
                 ],
                 "type": "string"
                },
                "values": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array",
                 "x-kubernetes-list-type": "atomic"
                }
               },
               "required": [
                "key",
                "operator"
               ],
               "type": "object"
              },
              "type": "array",
              "x-kubernetes-list-type": "atomic"
             },
             "matchLabels": {
              "additionalProperties": {
               "maxLength": 63,
               "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
               "type": "string"
              },
              "type": "object"
             }
            },
            "type": "object",
            "x-kubernetes-map-type": "atomic"
           },
           "except": {
            "items": {
             "format": "cidr",
             "type": "string"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "fromEndpoints": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "fromEntities": {
         "items": {
          "enum": [
           "all",
           "world",
           "cluster",
           "host",
           "init",
           "ingress",
           "unmanaged",
           "remote-node",
           "health",
           "none",
           "kube-apiserver"
          ],
          "type": "string"
         },
         "type": "array"
        },
        "fromGroups": {
         "items": {
          "properties": {
           "aws": {
            "properties": {
             "labels": {
              "additionalProperties": {
               "type": "string"
              },
              "type": "object"
             },
             "region": {
              "type": "string"
             },
             "securityGroupsIds": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "securityGroupsNames": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "type": "object"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "fromNodes": {
         "items": {
          "properties": {
           "matchExpressions": {
            "items": {
             "properties": {
              "key": {
               "type": "string"
              },
              "operator": {
               "enum": [
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist"
               ],
               "type": "string"
              },
              "values": {
               "items": {
                "type": "string"
               },
               "type": "array",
               "x-kubernetes-list-type": "atomic"
              }
             },
             "required": [
              "key",
              "operator"
             ],
             "type": "object"
            },
            "type": "array",
            "x-kubernetes-list-type": "atomic"
           },
           "matchLabels": {
            "additionalProperties": {
             "maxLength": 63,
             "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
             "type": "string"
            },
            "type": "object"
           }
          },
          "type": "object",
          "x-kubernetes-map-type": "atomic"
         },
         "type": "array"
        },
        "fromRequires": {
         "items": {
          "type": "string"
         },
         "maxItems": 0,
         "type": "array"
        },
        "icmps": {
         "items": {
          "properties": {
           "fields": {
            "items": {
             "properties": {
              "family": {
               "default": "IPv4",
               "enum": [
                "IPv4",
                "IPv6"
               ],
               "type": "string"
              },
              "type": {
               "anyOf": [
                {
                 "type": "integer"
                },
                {
                 "type": "string"
                }
               ],
               "pattern": "^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$",
               "x-kubernetes-int-or-string": true
              }
             },
             "required": [
              "type"
             ],
             "type": "object"
            },
            "maxItems": 40,
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        },
        "toPorts": {
         "items": {
          "properties": {
           "ports": {
            "items": {
             "properties": {
              "endPort": {
               "format": "int32",
               "maximum": 65535,
               "minimum": 0,
               "type": "integer"
              },
              "port": {
               "pattern": "^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$",
               "type": "string"
              },
              "protocol": {
               "enum": [
                "TCP",
                "UDP",
                "SCTP",
                "VRRP",
                "IGMP",
                "GRE",
                "IPIP",
                "IPV6",
                "ESP",
                "AH",
                "ANY"
               ],
               "type": "string"
              }
             },
             "type": "object"
            },
            "type": "array"
           }
          },
          "type": "object"
         },
         "type": "array"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "labels": {
      "items": {
       "properties": {
        "key": {
         "type": "string"
        },
        "source": {
         "type": "string"
        },
        "value": {
         "type": "string"
        }
       },
       "required": [
        "key"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "log": {
      "properties": {
       "value": {
        "maxLength": 32,
        "pattern": "^\\PC*$",
        "type": "string"
       }
      },
      "type": "object"
     },
     "nodeSelector": {
      "properties": {
       "matchExpressions": {
        "items": {
         "properties": {
          "key": {
           "type": "string"
          },
          "operator": {
           "enum": [
            "In",
            "NotIn",
            "Exists",
            "DoesNotExist"
           ],
           "type": "string"
          },
          "values": {
           "items": {
            "type": "string"
           },
           "type": "array",
           "x-kubernetes-list-type": "atomic"
          }
         },
         "required": [
          "key",
          "operator"
         ],
         "type": "object"
        },
        "type": "array",
        "x-kubernetes-list-type": "atomic"
       },
       "matchLabels": {
        "additionalProperties": {
         "maxLength": 63,
         "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
         "type": "string"
        },
        "type": "object"
       }
      },
      "type": "object",
      "x-kubernetes-map-type": "atomic"
     }
    },
    "type": "object"
   },
   "type": "array"
  },
  "status": {
   "properties": {
    "conditions": {
     "items": {
      "properties": {
       "lastTransitionTime": {
        "format": "date-time",
        "type": "string"
       },
       "message": {
        "type": "string"
       },
       "reason": {
        "type": "string"
       },
       "status": {
        "type": "string"
       },
       "type": {
        "type": "string"
       }
      },
      "required": [
       "status",
       "type"
      ],
      "type": "object"
     },
     "type": "array",
     "x-kubernetes-list-map-keys": [
      "type"
     ],
     "x-kubernetes-list-type": "map"
    },
    "derivativePolicies": {
     "additionalProperties": {
      "properties": {
       "annotations": {
        "additionalProperties": {
         "type": "string"
        },
        "type": "object"
       },
       "enforcing": {
        "type": "boolean"
       },
       "error": {
        "type": "string"
       },
       "lastUpdated": {
        "format": "date-time",
        "type": "string"
       },
       "localPolicyRevision": {
        "format": "int64",
        "type": "integer"
       },
       "ok": {
        "type": "boolean"
       }
      },
      "type": "object"
     },
     "type": "object"
    }
   },
   "type": "object"
  }
 },
 "required": [
  "metadata"
 ],
 "type": "object",
 "x-kubernetes-validations": [
  {
   "message": "spec or specs must be provided",
   "rule": "has(self.spec) || has(self.specs)"
  }
 ]
};
