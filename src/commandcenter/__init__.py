"""commandcenter: a desktop command centre for grassroots social governance (指挥调度一中心)."""

__version__ = "0.1.0"
APP_NAME = "commandcenter"
