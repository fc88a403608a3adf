module github.com/rules-accel/rules_accel

go 1.22

require google.golang.org/protobuf v1.36.6
