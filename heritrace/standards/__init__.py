"""The sector's exchange standards at the edges of the register: LIDO 1.1 XML, Linked Art JSON-LD,
OAI-PMH 2.0 and the printable Object ID checklist."""
