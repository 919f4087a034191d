"""Federation of Heritrace nodes: peers that agreed to cooperate, signed server-to-server requests,
searches and due-diligence checks run on every peer, alerts and case notices across nodes."""
