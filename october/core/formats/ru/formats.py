# A day and month takes the genitive: "7 ноября", not "7 Ноябрь".
MONTH_DAY_FORMAT = "j E"
